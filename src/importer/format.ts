import { z } from "zod";
import { idPattern, type ModelRules, type PropertyRule } from "../model/index.ts";
import { boundDays, isCalendarDate, periodPattern } from "./calendar.ts";

export { isCalendarDate, periodPattern };

/**
 * The version tags a seed file may start with (seed/README.md documents the format). v2 adds `valid` and dated
 * `names`; v1 files never use them, so both are read by one schema and a v1 file keeps its meaning.
 */
export const formatVersions = ["btech-graph/v1", "btech-graph/v2"] as const;

/** The version tag of the current format, which new files carry. */
export const formatVersion = "btech-graph/v2";

/** zod's message for a missing or mistyped value, in the words of the rest of the importer's messages. */
const required = (expected: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? "is required" : `${JSON.stringify(issue.input)} is not ${expected}`;

const id = z
  .string({ error: required("an id") })
  .regex(
    idPattern,
    "must look like `<type>:<slug>` (lowercase letters, digits and dashes), e.g. `company:apple`",
  );

/** Properties the importer computes (from `date` and `period`), which files must not set. */
export const derivedProperties = new Set(["startDate", "endDate"]);

const text = z
  .string({ error: required("text") })
  .trim()
  .min(1, "must not be empty");

const evidence = z
  .object({
    section: text,
    quote: text,
    basis: z.enum(["STATED", "INFERRED"]).default("STATED"),
    reason: text.optional(),
  })
  .strict()
  .superRefine((item, ctx) => {
    if (item.basis === "INFERRED" && !item.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "is required when basis is INFERRED" });
    }
  });

export type Evidence = z.output<typeof evidence>;

/**
 * One bound of a validity: a real day or a period, as text. A bare year written without quotes (`from: 2021`)
 * is read as the year it is.
 */
const bound = z.preprocess(
  (value) => (typeof value === "number" && Number.isInteger(value) ? String(value) : value),
  z
    .string({ error: (issue) => `${JSON.stringify(issue.input)} is not a day or a period` })
    .refine((value) => boundDays(value) !== undefined, {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not a day (2022-08-31) or a period (2022, 2022-08, 2022-H2 or 2022-Q3)`,
    }),
);

/** Refuses a `from` whose first day comes after the last day of its `until`, naming both as written. */
function checkBoundOrder(item: { from?: string; until?: string }, ctx: z.RefinementCtx) {
  if (item.from === undefined || item.until === undefined) return;
  const from = boundDays(item.from);
  const until = boundDays(item.until);
  if (from && until && from.first > until.last) {
    ctx.addIssue({
      code: "custom",
      path: ["from"],
      message: `${JSON.stringify(item.from)} is after until ${JSON.stringify(item.until)}`,
    });
  }
}

/** When a fact or an entity holds: from and until (either may be left open), with evidence of its own. */
const validity = z
  .object({
    from: bound.optional(),
    until: bound.optional(),
    evidence: z.array(evidence).min(1, "needs at least one item: a validity says where it comes from"),
  })
  .strict()
  .superRefine((item, ctx) => {
    if (item.from === undefined && item.until === undefined) {
      ctx.addIssue({ code: "custom", path: [], message: "needs from, until or both" });
    }
    checkBoundOrder(item, ctx);
  });

export type Validity = z.output<typeof validity>;

/** A name an entity went by, for a time (from, until or both; open where the source is silent). */
const datedName = z
  .object({
    name: text,
    from: bound.optional(),
    until: bound.optional(),
    evidence: z.array(evidence).min(1, "needs at least one item: every name says where it comes from"),
  })
  .strict()
  .superRefine(checkBoundOrder);

export type DatedName = z.output<typeof datedName>;

/** Refuses two names of one record whose periods share a day (an open bound runs for ever). */
function checkNamesOverlap(names: DatedName[], ctx: z.RefinementCtx) {
  const spans = names.map((entry) => ({
    first: entry.from === undefined ? "" : (boundDays(entry.from)?.first ?? ""),
    last: entry.until === undefined ? "9999-12-31" : (boundDays(entry.until)?.last ?? "9999-12-31"),
  }));
  names.forEach((entry, index) => {
    for (let earlier = 0; earlier < index; earlier += 1) {
      const [a, b] = [spans[earlier], spans[index]];
      const other = names[earlier];
      if (!a || !b || !other || a.first > b.last || b.first > a.last) continue;
      ctx.addIssue({
        code: "custom",
        path: ["names", index],
        message: `${JSON.stringify(entry.name)} ${describeSpan(entry)} overlaps ${JSON.stringify(other.name)} ${describeSpan(other)}`,
      });
      return;
    }
  });
}

/** `from 2021-10`, `until 2021-10-28`, `from 2019 until 2021-10`, or `undated`. */
function describeSpan(entry: { from?: string; until?: string }): string {
  const parts = [
    ...(entry.from === undefined ? [] : [`from ${entry.from}`]),
    ...(entry.until === undefined ? [] : [`until ${entry.until}`]),
  ];
  return parts.length > 0 ? parts.join(" ") : "(undated)";
}

function propertySchema(rule: PropertyRule): z.ZodType {
  const single = (() => {
    if (rule.values) {
      const allowed = rule.values;
      return z.string().refine((value) => allowed.includes(value), {
        error: (issue) => `${JSON.stringify(issue.input)} is not one of ${allowed.join(", ")}`,
      });
    }
    switch (rule.type) {
      case "Int":
        return z.number({ error: (issue) => `${JSON.stringify(issue.input)} is not a whole number` }).int();
      case "Float":
        return z.number({ error: (issue) => `${JSON.stringify(issue.input)} is not a number` });
      case "Boolean":
        return z.boolean({ error: (issue) => `${JSON.stringify(issue.input)} is not true or false` });
      case "Date":
        return z
          .string({ error: (issue) => `${JSON.stringify(issue.input)} is not a date (YYYY-MM-DD)` })
          .refine(isCalendarDate, { error: (issue) => `${JSON.stringify(issue.input)} is not a date` });
      default:
        return z
          .string({ error: (issue) => `${JSON.stringify(issue.input)} is not text` })
          .trim()
          .min(1);
    }
  })();
  return rule.list ? z.array(single) : single;
}

function propertiesSchema(rules: Map<string, PropertyRule>, extra: Record<string, z.ZodType> = {}) {
  const shape: Record<string, z.ZodType> = { ...extra };
  for (const [name, rule] of rules) {
    if (!derivedProperties.has(name)) shape[name] = propertySchema(rule).optional();
  }
  return z.object(shape).strict();
}

/**
 * The zod schemas of the records a seed file holds (an entity, a fact, a source, one evidence item), built
 * from the model so that a new type, property or predicate in graph/schema.graphql is accepted (and checked)
 * without touching the importer. The editing API (src/editing/) checks its input with the same schemas.
 */
export function seedRecordSchemas(rules: ModelRules) {
  const entityTypes = [...rules.entityTypes.keys()];
  // Built once per type and predicate, not per record: building a zod schema costs far more than using it.
  const entityProperties = new Map(
    [...rules.entityTypes].map(([type, properties]) => [type, propertiesSchema(properties)]),
  );
  const factProperties = new Map(
    [...rules.predicates].map(([predicate, rule]) => [predicate, propertiesSchema(rule.properties)]),
  );
  const entity = z
    .object({
      id,
      type: z.string().refine((type) => rules.entityTypes.has(type), {
        error: (issue) =>
          `${JSON.stringify(issue.input)} is not a type; use one of ${entityTypes.join(", ")}`,
      }),
      name: text,
      description: text.optional(),
      aliases: z.array(text).optional(),
      properties: z.record(z.string(), z.unknown()).optional(),
      flags: z.array(text).optional(),
      names: z.array(datedName).min(1, "lists at least one name when given").optional(),
      valid: validity.optional(),
      evidence: z.array(evidence).min(1, "needs at least one item: every entity says where it comes from"),
    })
    .strict()
    .superRefine((item, ctx) => {
      if (item.names) checkNamesOverlap(item.names, ctx);
      const properties = entityProperties.get(item.type);
      if (!properties) return;
      // A type whose dates the importer derives (an Event's date or period) happens; it does not hold.
      if (item.valid && rules.entityTypes.get(item.type)?.has("startDate")) {
        ctx.addIssue({
          code: "custom",
          path: ["valid"],
          message: `an ${item.type} has no validity; its date or period says when it happened`,
        });
      }
      const expectedPrefix = `${item.type.toLowerCase()}:`;
      if (!item.id.startsWith(expectedPrefix)) {
        ctx.addIssue({ code: "custom", path: ["id"], message: `must start with \`${expectedPrefix}\`` });
      }
      reportPropertyIssues(properties, item.properties, ctx, (key) =>
        derivedProperties.has(key)
          ? "is not set by hand (computed from date and period)"
          : `is not a property of ${item.type}`,
      );
      const period = item.properties?.period;
      if (period !== undefined && (typeof period !== "string" || !periodPattern.test(period))) {
        ctx.addIssue({
          code: "custom",
          path: ["properties", "period"],
          message: `${JSON.stringify(period)} is not a period (2022, 2022-11, 2022-H2 or 2022-Q3)`,
        });
      }
    });

  const fact = z
    .object({
      predicate: z.string().refine((predicate) => rules.predicates.has(predicate), {
        error: (issue) =>
          `${JSON.stringify(issue.input)} is not a predicate; use one of ${[...rules.predicates.keys()].join(", ")}`,
      }),
      subject: id,
      object: id,
      properties: z.record(z.string(), z.unknown()).optional(),
      flags: z.array(text).optional(),
      valid: validity.optional(),
      evidence: z.array(evidence).min(1, "needs at least one item: every fact says where it comes from"),
    })
    .strict()
    .superRefine((item, ctx) => {
      const properties = factProperties.get(item.predicate);
      if (!properties) return;
      reportPropertyIssues(properties, item.properties, ctx, () => `is not a property of ${item.predicate}`);
    });

  const source = z
    .object({
      id: id.refine((value) => value.startsWith("source:"), "must start with `source:`"),
      title: text,
      year: z.number().int().optional(),
      // When the document was published: it ranks the source's values against other sources' (later wins).
      date: z
        .string({ error: required("a date (YYYY-MM-DD)") })
        .refine(isCalendarDate, {
          error: (issue) => `${JSON.stringify(issue.input)} is not a date (YYYY-MM-DD)`,
        })
        .optional(),
      // An explicit preference among sources, before their dates (default 0; higher wins).
      priority: z
        .number({ error: required("a whole number") })
        .int()
        .optional(),
      url: z.url().optional(),
      file: text.optional(),
      publisher: id.optional(),
      description: text.optional(),
    })
    .strict();

  return { id, evidence, entity, fact, source };
}

/** The zod schema of one seed file: its source, then its entities and facts (see `seedRecordSchemas`). */
export function seedFileSchema(rules: ModelRules) {
  const { entity, fact, source } = seedRecordSchemas(rules);
  return z
    .object({
      format: z.enum(formatVersions, {
        error: () => `must be ${formatVersions.map((version) => `"${version}"`).join(" or ")}`,
      }),
      source,
      entities: z.array(entity).default([]),
      facts: z.array(fact).default([]),
    })
    .strict();
}

/** Checks a record's free-form `properties` against its type's rules, one issue per field. */
function reportPropertyIssues(
  schema: z.ZodType,
  properties: Record<string, unknown> | undefined,
  ctx: z.RefinementCtx,
  unknownKey: (key: string) => string,
) {
  for (const issue of schema.safeParse(properties ?? {}).error?.issues ?? []) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        ctx.addIssue({ code: "custom", path: ["properties", key], message: `\`${key}\` ${unknownKey(key)}` });
      }
    } else {
      ctx.addIssue({
        code: "custom",
        path: ["properties", ...issue.path.map(String)],
        message: issue.message,
      });
    }
  }
}

export type SeedFile = z.output<ReturnType<typeof seedFileSchema>>;
export type SeedEntity = SeedFile["entities"][number];
export type SeedFact = SeedFile["facts"][number];

/** `entities[3].properties.date` from zod's path. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) =>
      typeof segment === "number" ? `[${segment}]` : `${index === 0 ? "" : "."}${String(segment)}`,
    )
    .join("");
}
