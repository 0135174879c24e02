// Statements per source: what each source says about one record, and the merge of those statements into the
// record's node properties. The merge is a pure function of the *set* of statements and of the sources' ranks,
// which is why the order of imports cannot change the graph (seed/README.md states the rule; graph/README.md
// says how statements are stored).
import { hash } from "node:crypto";
import type { PropertyRule } from "../model/index.ts";
import {
  mergeNames,
  mergeValidity,
  type NameStatement,
  startYearProperty,
  type ValidStatement,
  validityBounds,
} from "./validity.ts";

/** What one source states about an entity, as its record gave it (validated, without nulls). */
export interface EntityStatement {
  name: string;
  aliases?: string[];
  description?: string;
  flags?: string[];
  /** The names the source dates (their evidence is in its citations `about: "name:<name>"`). */
  names?: NameStatement[];
  /** When the entity holds, as the source says (its evidence is in its citations `about: "valid"`). */
  valid?: ValidStatement;
  /** The type's own properties the source gives; absent when it gives none. */
  properties?: Record<string, unknown>;
  /** Digest of the source's citations of the record, so that a changed quote alone is an update. */
  evidence: string;
}

/** What one source states about a fact: its properties, flags, and how (STATED if any of its citations is). */
export interface FactStatement {
  /** The predicate's properties the source gives; absent when it gives none. */
  properties?: Record<string, unknown>;
  flags?: string[];
  /** When the fact holds, as the source says (its evidence is in its citations `about: "valid"`). */
  valid?: ValidStatement;
  /** STATED if any of the source's citations of the fact itself (not of its validity) is. */
  basis: "STATED" | "INFERRED";
  evidence: string;
}

/** A record's statements: source id → what that source states. */
export type Statements<Statement> = Record<string, Statement>;

/** What ranks a source: its optional `priority`, its `date` (or the last day of its `year`), its id. */
export interface SourceRankFields {
  id: string;
  priority?: number | null;
  date?: string | null;
  year?: number | null;
}

/** A source's rank key: `(priority desc, asOf desc, id asc)`; `asOf` is "" when the date is unknown. */
export interface SourceRank {
  id: string;
  priority: number;
  asOf: string;
}

/** A source's rank key: an unknown date ranks after every known one, and no priority counts as 0. */
export function sourceRank(source: SourceRankFields): SourceRank {
  const asOf = source.date ?? (typeof source.year === "number" ? `${source.year}-12-31` : "");
  return { id: source.id, priority: source.priority ?? 0, asOf };
}

/** Orders sources best first: higher priority, then later date, then id (never the file name). */
export function compareRanks(a: SourceRank, b: SourceRank): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (a.asOf !== b.asOf) return a.asOf < b.asOf ? 1 : -1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The statements in rank order, best source first; a source without a known rank ranks by its id alone. */
export function rankedStatements<Statement>(
  statements: Statements<Statement>,
  ranks: ReadonlyMap<string, SourceRank>,
): Statement[] {
  const sources = Object.keys(statements);
  // Most records have one source (every record of a first import): nothing to rank.
  if (sources.length === 1) return [statements[sources[0] as string] as Statement];
  return sources
    .map((id) => ranks.get(id) ?? sourceRank({ id }))
    .sort(compareRanks)
    .map((rank) => statements[rank.id] as Statement);
}

/**
 * JSON with the keys of every object sorted: the same statements give the same text, whatever their order.
 * Written by hand rather than with a `JSON.stringify` replacer, which copies every object (the importer writes
 * one per record: 370,000 at 100k entities). Values are JSON's: text, numbers, booleans, null, lists, objects.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value))
    return `[${value.map((item) => (item === undefined ? "null" : canonicalJson(item))).join(",")}]`;
  const object = value as Record<string, unknown>;
  const fields: string[] = [];
  for (const key of Object.keys(object).sort()) {
    if (object[key] !== undefined) fields.push(`${JSON.stringify(key)}:${canonicalJson(object[key])}`);
  }
  return `{${fields.join(",")}}`;
}

/** A short digest (96 bits, 16 characters) of any JSON-able value, canonically written: to tell a change. */
export function digest(value: unknown): string {
  return hash("sha256", canonicalJson(value), "base64url").slice(0, 16);
}

/** Union of lists, duplicates dropped, in the order given (the best-ranked source's items first). */
function unionOf(lists: readonly (readonly unknown[] | undefined)[]): unknown[] | null {
  const union = [...new Set(lists.flatMap((list) => list ?? []))];
  return union.length > 0 ? union : null;
}

/** The first value given (the best-ranked source's), or null when no source gives one. */
function firstOf(values: readonly unknown[]): unknown {
  return values.find((value) => value !== undefined && value !== null) ?? null;
}

/**
 * One merge rule: from the statements in rank order, the node properties it decides. A new kind of value
 * (a validity, dated names, …) is one more rule in the list of its record kind.
 */
export type MergeRule<Statement> = (
  ranked: readonly Statement[],
  declared: Map<string, PropertyRule>,
) => Record<string, unknown>;

/** Each declared property: a list property is the union, a single one the best-ranked source's. */
function declaredProperties<Statement extends { properties?: Record<string, unknown> }>(
  ranked: readonly Statement[],
  declared: Map<string, PropertyRule>,
  skip: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const [name, rule] of declared) {
    if (skip.has(name)) continue;
    merged[name] = rule.list
      ? unionOf(ranked.map((statement) => statement.properties?.[name] as unknown[] | undefined))
      : firstOf(ranked.map((statement) => statement.properties?.[name]));
  }
  return merged;
}

/** Properties computed from others (an event's first and last day), which no statement gives. */
export const computedEntityProperties = new Set(["startDate", "endDate"]);

/** The rules that make an entity's node properties, in the order they are written. */
export const entityMergeRules: MergeRule<EntityStatement>[] = [
  // The name: the dated name still open that began last, if a source dates names, else the best source's.
  (ranked) => mergeNames(ranked.map((statement) => ({ name: statement.name, names: statement.names ?? [] }))),
  (ranked) => ({ description: firstOf(ranked.map((statement) => statement.description)) }),
  (ranked) => {
    const aliases = unionOf(ranked.map((statement) => statement.aliases)) as string[] | null;
    const { name, names } = mergeNames(
      ranked.map((statement) => ({ name: statement.name, names: statement.names ?? [] })),
    );
    const otherNames = [...new Set([...(aliases ?? []), ...names.filter((other) => other !== name)])];
    // The full-text index reads one string (lists are not indexed): every other name, aliases and past names.
    return { aliases, aliasText: otherNames.length > 0 ? otherNames.join(" | ") : null };
  },
  // An entity that happens at a date (an Event: its date or period) has no validity.
  (ranked, declared) =>
    declared.has("startDate")
      ? {}
      : mergeValidity(ranked.map((statement) => validityBounds(statement.valid))),
  (ranked) => ({ flags: unionOf(ranked.map((statement) => statement.flags)) }),
  (ranked, declared) => declaredProperties(ranked, declared, computedEntityProperties),
];

/** The rules that make a fact's node properties (`node`) and its direct relationship's (`relationship`). */
export const factMergeRules: {
  node: MergeRule<FactStatement>[];
  relationship: MergeRule<FactStatement>[];
} = {
  node: [
    (ranked) => ({
      basis: ranked.some((statement) => statement.basis === "STATED") ? "STATED" : "INFERRED",
    }),
    (ranked) => ({ flags: unionOf(ranked.map((statement) => statement.flags)) }),
    factValidity,
  ],
  relationship: [(ranked, declared) => declaredProperties(ranked, declared), factValidity],
};

/**
 * A fact's validity, on its node and its direct relationship alike: per bound, a STATED one beats an INFERRED
 * one, then the better-ranked source; a source's start year (`since`) is its `from` when its `valid` has none.
 */
function factValidity(ranked: readonly FactStatement[]): Record<string, unknown> {
  return mergeValidity(
    ranked.map((statement) =>
      validityBounds(statement.valid, {
        year: statement.properties?.[startYearProperty],
        basis: statement.basis,
      }),
    ),
  );
}

/** Applies rules in order; every property a rule decides is present, null when no source gives it. */
function applyRules<Statement>(
  rules: readonly MergeRule<Statement>[],
  ranked: readonly Statement[],
  declared: Map<string, PropertyRule>,
): Record<string, unknown> {
  return Object.assign({}, ...rules.map((rule) => rule(ranked, declared)));
}

/** An entity's merged node properties (without `startDate`/`endDate`, which the importer computes). */
export function mergeEntityStatements(
  statements: Statements<EntityStatement>,
  ranks: ReadonlyMap<string, SourceRank>,
  declared: Map<string, PropertyRule>,
): Record<string, unknown> {
  return applyRules(entityMergeRules, rankedStatements(statements, ranks), declared);
}

/** A fact's merged node properties (`basis`, `flags`…) and its direct relationship's properties. */
export function mergeFactStatements(
  statements: Statements<FactStatement>,
  ranks: ReadonlyMap<string, SourceRank>,
  declared: Map<string, PropertyRule>,
): { node: Record<string, unknown>; relationship: Record<string, unknown> } {
  const ranked = rankedStatements(statements, ranks);
  return {
    node: applyRules(factMergeRules.node, ranked, declared),
    relationship: applyRules(factMergeRules.relationship, ranked, declared),
  };
}

/** The canonical JSON of a record's statements, as stored in its node's `statements` property. */
export function statementsJson(statements: Statements<unknown>): string {
  return canonicalJson(statements);
}

/** Reads a node's `statements` property; a node written before statements existed has none. */
export function parseStatements<Statement>(json: string | null | undefined): Statements<Statement> {
  return json ? (JSON.parse(json) as Statements<Statement>) : {};
}
