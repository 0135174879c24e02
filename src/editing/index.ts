// The editing API (graph/editing.graphql): the writes that keep the graph's invariants, because they are the
// importer's writes. Each field checks its input with the importer's rules (./plan.ts), then writes through the
// importer's writer into the request's one transaction (./transaction.ts).
import { createRequire } from "node:module";
import type { GraphQLResolveInfo } from "graphql";
import type { Transaction } from "neo4j-driver";
import { type Caller, requireEditor } from "../caller.ts";
import type { FeatureModule } from "../feature-module.ts";
import { ImportError } from "../importer/plan.ts";
import { writePlanInTransaction } from "../importer/write.ts";
import { deriveModelRules, editingStatements, editingTypeDefs, type ModelRules } from "../model/index.ts";
import { type EditInput, planEdit, refusal } from "./plan.ts";
import { type CitationRetraction, retractCitations } from "./retract.ts";
import type { EditingContext } from "./transaction.ts";

export { checkInvariants, type InvariantViolation } from "./invariants.ts";
export { editingFields, requestTransactions } from "./transaction.ts";

// The CommonJS graphql-js, which @neo4j/graphql builds the schema with (see src/api/limits.ts).
const { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped } = createRequire(import.meta.url)(
  "graphql",
) as typeof import("graphql");

let modelRules: ModelRules | undefined;
const rules = () => {
  modelRules ??= deriveModelRules();
  return modelRules;
};

/** A JSON object of property names to values; the importer's schemas judge the names and values. */
const propertyMap = new GraphQLScalarType({
  name: "PropertyMap",
  serialize: (value) => value,
  parseValue: (value) => objectOrRefuse(value),
  parseLiteral: (ast, variables) => {
    if (ast.kind !== Kind.OBJECT) throw new GraphQLError("properties must be an object: { name: value, … }");
    return valueFromASTUntyped(ast, variables);
  },
});

function objectOrRefuse(value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new GraphQLError("properties must be an object: { name: value, … }");
  }
  return value as Record<string, unknown>;
}

type Context = Caller & EditingContext;

/** Runs one editing field in the request's transaction, for editors only. */
async function inRequestTransaction<Result>(
  context: Context,
  info: GraphQLResolveInfo,
  work: (tx: Transaction) => Promise<Result>,
): Promise<Result> {
  requireEditor(context);
  if (!context.editing)
    throw new Error("no request transaction: is the requestTransactions plugin installed?");
  return context.editing.run(String(info.path.key), work);
}

/** Checks and writes one field's records; refuses (BAD_USER_INPUT) what the importer would refuse. */
function writeRecords<Field extends keyof EditInput>(field: Field) {
  return (_root: unknown, args: { input: EditInput[Field] }, context: Context, info: GraphQLResolveInfo) =>
    inRequestTransaction(context, info, async (tx) => {
      const { plan, citedSources } = planEdit(field, args.input, rules());
      if (citedSources.size > 0) {
        const { records } = await tx.run(editingStatements["sources-found"], {
          ids: [...citedSources.keys()],
        });
        const found = new Set((records[0]?.get("found") as string[] | undefined) ?? []);
        const missing = [...citedSources].filter(([id]) => !found.has(id));
        if (missing.length > 0) {
          throw refusal(
            missing.map(([id, at]) => `${at}: ${id} is not in the graph (add it with upsertSources)`),
          );
        }
      }
      try {
        return await writePlanInTransaction(tx, plan, rules(), "add");
      } catch (error) {
        if (error instanceof ImportError) throw refusal(error.problems);
        throw error;
      }
    });
}

/**
 * The editing API as a feature module of the schema (src/api/schema.ts). The app must also install
 * `requestTransactions`, which gives each mutation request its transaction.
 */
export const editingModule: FeatureModule = {
  typeDefs: editingTypeDefs,
  resolvers: {
    PropertyMap: propertyMap,
    Mutation: {
      upsertSources: writeRecords("upsertSources"),
      upsertEntities: writeRecords("upsertEntities"),
      assertFacts: writeRecords("assertFacts"),
      retractCitations: (
        _root: unknown,
        args: { input: CitationRetraction[] },
        context: Context,
        info: GraphQLResolveInfo,
      ) => inRequestTransaction(context, info, (tx) => retractCitations(tx, args.input, rules())),
    },
  },
};
