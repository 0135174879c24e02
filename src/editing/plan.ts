// The editing API's input as an import plan: each record is checked with the importer's own zod schemas
// (src/importer/format.ts), turned into rows by its row builders and merged by its merger, so an API write
// meets exactly the rules a seed file meets. What only the API has (a source per citation, a type given by
// the id's prefix) is translated here, not checked a second way.
import { GraphQLError } from "graphql";
import type { z } from "zod";
import { type Evidence, formatPath, seedRecordSchemas } from "../importer/format.ts";
import { type ImportPlan, recordMerger } from "../importer/plan.ts";
import { citationRows, entityRecord, factRecord } from "../importer/rows.ts";
import type { ModelRules } from "../model/index.ts";

/** The mutation fields that write records, and the GraphQL input of each. */
export interface EditInput {
  upsertSources: {
    id: string;
    title: string;
    year?: number | null;
    date?: string | null;
    priority?: number | null;
    url?: string | null;
    description?: string | null;
  }[];
  upsertEntities: EntityInput[];
  assertFacts: FactInput[];
}

export interface CitationInput {
  source: string;
  section: string;
  quote: string;
  basis?: "STATED" | "INFERRED" | null;
  reason?: string | null;
}

export interface EntityInput {
  id: string;
  name: string;
  description?: string | null;
  aliases?: string[] | null;
  flags?: string[] | null;
  properties?: Record<string, unknown> | null;
  evidence: CitationInput[];
}

export interface FactInput {
  predicate: string;
  subject: string;
  object: string;
  properties?: Record<string, unknown> | null;
  flags?: string[] | null;
  evidence: CitationInput[];
}

/** A validated request field: the plan to write and the sources its citations need in the graph. */
export interface EditPlan {
  plan: ImportPlan;
  /** Source id → where it is cited (`assertFacts: input[0].evidence[1].source`), for a clear refusal. */
  citedSources: Map<string, string>;
}

/**
 * Refused input: nothing was written. `problems` name the mutation, the record and the field, as the
 * importer's problems name the file, the record and the field.
 */
export function refusal(problems: string[]): GraphQLError {
  return new GraphQLError(`Nothing was written: ${problems.join("; ")}`, {
    extensions: { code: "BAD_USER_INPUT", problems, http: { status: 400 } },
  });
}

/** Builds the plan of one mutation field, or throws a `refusal` listing every problem of its input. */
export function planEdit<Field extends keyof EditInput>(
  field: Field,
  input: EditInput[Field],
  rules: ModelRules,
): EditPlan {
  const schemas = schemasOf(rules);
  const problems: string[] = [];
  const citedSources = new Map<string, string>();
  const merge = recordMerger(rules, {
    entities: "input",
    facts: "input",
    notFound: "is not in the graph, nor written by this request",
  });
  const check = <Schema extends z.ZodType>(schema: Schema, value: unknown, at: string) => {
    const result = schema.safeParse(value);
    if (result.success) return result.data as z.output<Schema>;
    for (const issue of result.error.issues) {
      problems.push(
        `${field}: ${at}${issue.path.length > 0 ? "." : ""}${formatPath(issue.path)}: ${issue.message}`,
      );
    }
    return undefined;
  };
  // A citation names its source, which a seed file's evidence does not (the file's source is implied): the
  // source ids are checked here, the rest of each evidence item by the record's own schema.
  const splitEvidence = (evidence: CitationInput[], at: string) => {
    const sourceIds = evidence.map((item, index) => {
      const where = `${at}.evidence[${index}].source`;
      const sourceId = check(schemas.source.shape.id, item.source, where);
      if (sourceId && !citedSources.has(sourceId)) citedSources.set(sourceId, `${field}: ${where}`);
      return sourceId;
    });
    const items = evidence.map(({ source: _source, ...item }) => withoutNulls(item));
    const citations = (checked: Evidence[]) =>
      checked.flatMap((item, index) => {
        const sourceId = sourceIds[index];
        return sourceId ? citationRows(sourceId, [item]) : [];
      });
    return { items, citations };
  };

  if (field === "upsertSources") {
    const seen = new Map<string, number>();
    (input as EditInput["upsertSources"]).forEach((item, index) => {
      const source = check(schemas.source, withoutNulls(item), `input[${index}]`);
      if (!source) return;
      const first = seen.get(source.id);
      if (first !== undefined) {
        problems.push(`${field}: input[${index}].id: duplicate id ${source.id} (first at input[${first}])`);
        return;
      }
      seen.set(source.id, index);
      merge.add(field, { source, entities: [], facts: [] });
    });
  }

  if (field === "upsertEntities") {
    const entities = (input as EntityInput[]).flatMap((item, index) => {
      const at = `input[${index}]`;
      const type = typeOfId(item.id, rules, schemas.id);
      if (typeof type !== "string") {
        problems.push(`${field}: ${at}.id: ${type.problem}`);
        return [];
      }
      const { evidence, ...record } = item;
      const { items, citations } = splitEvidence(evidence, at);
      const entity = check(schemas.entity, { ...withoutNulls(record), type, evidence: items }, at);
      return entity ? [{ type, row: entityRecord(entity, citations(entity.evidence)) }] : [];
    });
    if (problems.length === 0) merge.add(field, { entities, facts: [] });
  }

  if (field === "assertFacts") {
    const facts = (input as FactInput[]).flatMap((item, index) => {
      const at = `input[${index}]`;
      const { evidence, ...record } = item;
      const { items, citations } = splitEvidence(evidence, at);
      const fact = check(schemas.fact, { ...withoutNulls(record), evidence: items }, at);
      return fact ? [{ predicate: fact.predicate, row: factRecord(fact, citations(fact.evidence)) }] : [];
    });
    if (problems.length === 0) merge.add(field, { entities: [], facts });
  }

  if (problems.length > 0) throw refusal(problems);
  const plan = merge.finish();
  if (merge.problems.length > 0) throw refusal(merge.problems);
  return { plan, citedSources };
}

/** Schemas built once per rules object: building a zod schema costs more than a request's check. */
const schemaCache = new WeakMap<ModelRules, ReturnType<typeof seedRecordSchemas>>();

function schemasOf(rules: ModelRules) {
  let schemas = schemaCache.get(rules);
  if (!schemas) {
    schemas = seedRecordSchemas(rules);
    schemaCache.set(rules, schemas);
  }
  return schemas;
}

/**
 * An entity's type, from its id's prefix (`company:` → Company), or why the id has none: the API takes no
 * `type`, so that an id can never name a node of another type.
 */
function typeOfId(id: string, rules: ModelRules, idSchema: z.ZodType): string | { problem: string } {
  const malformed = idSchema.safeParse(id).error?.issues[0]?.message;
  if (malformed) return { problem: `${JSON.stringify(id)} ${malformed}` };
  const prefix = id.slice(0, id.indexOf(":"));
  const type = [...rules.entityTypes.keys()].find((name) => name.toLowerCase() === prefix);
  if (type) return type;
  if (prefix === "source") return { problem: `${id} is a source's id: add sources with upsertSources` };
  const prefixes = [...rules.entityTypes.keys()].map((name) => `${name.toLowerCase()}:`).join(", ");
  return { problem: `${id} does not start with a type's prefix (${prefixes})` };
}

/** GraphQL hands absent optional fields as null; the seed schemas know only absent ones. */
function withoutNulls<Value extends object>(value: Value): Partial<Value> {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== null && field !== undefined),
  ) as Partial<Value>;
}
