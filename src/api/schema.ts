import { randomBytes } from "node:crypto";
import { Neo4jGraphQL, type Neo4jGraphQLConstructor } from "@neo4j/graphql";
import { type DocumentNode, type GraphQLSchema, Kind, parse } from "graphql";
import type { Driver } from "neo4j-driver";
import * as analytics from "../analytics/graphql.ts";
import { type ApiLimits, type ApiSettings, loadConfig } from "../config.ts";
import { documentsModule } from "../documents/index.ts";
import { editingModule } from "../editing/index.ts";
import type { FeatureModule } from "../feature-module.ts";
import { typeDefs } from "../model/index.ts";
import { strictDate } from "./date-scalar.ts";
import { queriesModule } from "./queries.ts";

/** The model's type definitions, as written in graph/. */
export { typeDefs };

/**
 * Every feature module the API serves, in one list so that the server, codegen and the tests all build the
 * same schema. To add one, import its `{ typeDefs, resolvers }` and append it here.
 */
export const featureModules: FeatureModule[] = [queriesModule, analytics, editingModule, documentsModule];

/**
 * The options every consumer of the model builds `Neo4jGraphQL` with: the server, codegen's printed schema
 * and the tests, so that they can never describe different APIs. `api` defaults to the configuration's
 * defaults (codegen, unit tests); it changes list limits and token verification, never the schema's shape.
 */
export function neo4jGraphQLOptions(
  driver?: Driver,
  api: Pick<ApiSettings, "auth" | "limits"> = loadConfig({}).api,
): Neo4jGraphQLConstructor {
  return {
    typeDefs: [
      withListLimits(parse(typeDefs), api.limits),
      ...featureModules.map((module) => module.typeDefs),
    ],
    resolvers: [
      ...featureModules.flatMap((module) => (module.resolvers ? [module.resolvers] : [])),
      { Date: strictDate },
    ],
    ...(driver ? { driver } : {}),
    features: {
      // The app hands the library the claims it verified (context.jwt, see ./auth.ts). The key is given too so
      // that a token reaching the library by another path is verified the same way; with no key configured,
      // a random secret nobody holds makes every token fail, so writes stay impossible.
      authorization: {
        key:
          api.auth.mode === "secret"
            ? api.auth.secret
            : api.auth.mode === "jwks"
              ? { url: api.auth.url }
              : randomBytes(32).toString("hex"),
      },
      // The v7 API without the fields kept for compatibility with earlier versions.
      excludeDeprecatedFields: {
        mutationOperations: true,
        aggregationFilters: true,
        aggregationFiltersOutsideConnection: true,
        relationshipFilters: true,
        attributeFilters: true,
      },
    },
  };
}

/**
 * Gives every `@node` type and interface a `@limit(default, max)` from configuration (GRAPHQL_DEFAULT_LIMIT,
 * GRAPHQL_MAX_LIMIT), so no list, top-level or nested, returns more rows than the operator allows. The
 * model file stays free of deployment settings; a type that states its own `@limit` keeps it.
 */
function withListLimits(document: DocumentNode, limits: Pick<ApiLimits, "defaultLimit" | "maxLimit">) {
  const int = (value: number) => ({ kind: Kind.INT, value: String(value) }) as const;
  return {
    ...document,
    definitions: document.definitions.map((definition) => {
      const isInterface = definition.kind === Kind.INTERFACE_TYPE_DEFINITION;
      if (!isInterface && definition.kind !== Kind.OBJECT_TYPE_DEFINITION) return definition;
      const names = definition.directives?.map((directive) => directive.name.value) ?? [];
      if ((!isInterface && !names.includes("node")) || names.includes("limit")) return definition;
      return {
        ...definition,
        directives: [
          ...(definition.directives ?? []),
          {
            kind: Kind.DIRECTIVE,
            name: { kind: Kind.NAME, value: "limit" },
            arguments: [
              {
                kind: Kind.ARGUMENT,
                name: { kind: Kind.NAME, value: "default" },
                value: int(limits.defaultLimit),
              },
              { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: "max" }, value: int(limits.maxLimit) },
            ],
          },
        ],
      };
    }),
  } satisfies DocumentNode;
}

/** Builds the executable GraphQL schema of the model (once per process: it takes about half a second). */
export async function buildSchema(
  driver?: Driver,
  api?: Pick<ApiSettings, "auth" | "limits">,
): Promise<GraphQLSchema> {
  return new Neo4jGraphQL(neo4jGraphQLOptions(driver, api)).getSchema();
}
