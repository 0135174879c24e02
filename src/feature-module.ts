// The contract between the API and the features that add to it: src/api/schema.ts lists the modules and
// builds one schema from them; a feature exports its module and needs nothing of the API in return.
/**
 * A feature's addition to the API: type definitions (new Query/Mutation fields, `@cypher` fields on the
 * model's types) and the resolvers of its custom fields. A resolver that writes must call
 * `requireEditor(context)` from src/caller.ts first.
 */
export interface FeatureModule {
  typeDefs: string;
  // biome-ignore lint/suspicious/noExplicitAny: resolver maps are as loose as graphql-tools types them
  resolvers?: Record<string, any>;
  /**
   * Bounds on numeric arguments of its fields, checked before the operation runs (a `@cypher` field cannot
   * refuse input politely): field name → argument name → [minimum, maximum].
   */
  argumentRanges?: Record<string, Record<string, readonly [number, number]>>;
}
