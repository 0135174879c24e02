// Records as the rows the writer sends to Neo4j. Imports nothing from the model at run time, so that a worker
// thread (read-pool.ts) can load it quickly and turn a file into rows before the main thread merges them.
import { createHash } from "node:crypto";
import type { ModelRules } from "../model/index.ts";
import { dateRange } from "./calendar.ts";
import { derivedProperties, type Evidence, type SeedEntity, type SeedFact, type SeedFile } from "./format.ts";
import {
  basisOf,
  mergeNames,
  mergeValidity,
  type NameStatement,
  nameStatements,
  timeEvidence,
  type ValidityProps,
  type ValidityStatement,
  validityStatement,
} from "./validity.ts";

/** One citation of an entity or fact by a source. */
export interface CitationRow {
  sourceId: string;
  section: string;
  quote: string;
  basis: "STATED" | "INFERRED";
  reason: string | null;
  /** What part of the record it supports: null for the record itself, `valid`, or `name:<name>`. */
  about: string | null;
}

/** What one source says of a record's time: its validity and (for an entity) its name and dated names. */
export interface TimeStatement {
  validity: ValidityStatement;
  name?: string;
  names?: NameStatement[];
}

export interface NodeRow {
  id: string;
  props: Record<string, unknown>;
  citations: CitationRow[];
  /** Digest of everything imported for this row, to tell unchanged from updated. */
  hash: string;
  /** Each source's statement of the record's time, best-ranked first, from which its props were merged. */
  time?: TimeStatement[];
}

export interface FactRow extends NodeRow {
  subject: string;
  object: string;
  /** Properties of the direct relationship (since, role, status…). */
  relationshipProps: Record<string, unknown>;
}

/** One file's records as rows, each as if no other file of the import had it (see `merger` in plan.ts). */
export interface FileRows {
  source: SeedFile["source"];
  entities: { type: string; row: NodeRow }[];
  facts: { predicate: string; row: FactRow }[];
}

/** Turns one checked file into rows: the costly part of merging, which needs no other file. */
export function fileRows(data: SeedFile, rules: ModelRules): FileRows {
  const sourceId = data.source.id;
  return {
    source: data.source,
    entities: data.entities.map((entity) => ({
      type: entity.type,
      row: entityRow(entity, rules, recordCitations(sourceId, entity)),
    })),
    facts: data.facts.map((fact) => ({
      predicate: fact.predicate,
      row: factRowOf(fact, rules, recordCitations(sourceId, fact)),
    })),
  };
}

/** A record's evidence items as citations of one source (`about` what part of it, if not the record). */
export function citationRows(
  sourceId: string,
  evidence: Evidence[],
  about: string | null = null,
): CitationRow[] {
  return evidence.map((item) => ({
    sourceId,
    section: item.section,
    quote: item.quote,
    basis: item.basis,
    reason: item.reason ?? null,
    about,
  }));
}

/** Every citation of a record by one source: its own evidence, then that of its validity and dated names. */
export function recordCitations(
  sourceId: string,
  record: Pick<SeedEntity, "evidence" | "valid"> & { names?: SeedEntity["names"] },
): CitationRow[] {
  return [
    ...citationRows(sourceId, record.evidence),
    ...timeEvidence(record.valid, record.names).flatMap(({ about, evidence }) =>
      citationRows(sourceId, evidence, about),
    ),
  ];
}

/** The citations of the record itself, not of its validity or names: they alone decide a fact's basis. */
export function ownCitations(citations: readonly CitationRow[]): CitationRow[] {
  return citations.filter((citation) => citation.about === null);
}

/**
 * A predicate property that says the year a fact began (`MEMBER_OF.since`): where a fact gives it and its
 * `valid` no `from`, the year is its `from`, so that v1 files answer the questions in time as well.
 */
export const startYearProperties: ReadonlyMap<string, string> = new Map([["MEMBER_OF", "since"]]);

/** One checked entity record as the row the writer sends, with its citations. */
export function entityRow(entity: SeedEntity, rules: ModelRules, citations: CitationRow[]): NodeRow {
  const declared = rules.entityTypes.get(entity.type) ?? new Map();
  const time: TimeStatement = {
    validity: validityStatement(entity.valid),
    name: entity.name,
    names: nameStatements(entity.names),
  };
  return entityNodeRow(
    entity.id,
    entityProps(entity, declared),
    citations,
    [time],
    declared.has("startDate"),
  );
}

/**
 * An entity's row from its own props and the time statements of its sources (best-ranked first): the name,
 * every name, the name history and, for a type that does not happen at a date, the validity, merged.
 */
export function entityNodeRow(
  id: string,
  props: Record<string, unknown>,
  citations: CitationRow[],
  time: TimeStatement[],
  happensAtDate: boolean,
): NodeRow {
  const names = mergeNames(
    time.map((statement) => ({ name: statement.name ?? String(props.name), names: statement.names ?? [] })),
  );
  const aliases = (props.aliases as string[] | null) ?? [];
  const otherNames = [...new Set([...aliases, ...names.names.filter((name) => name !== names.name)])];
  const merged: Record<string, unknown> = {
    ...props,
    ...names,
    // The full-text index reads one string of every other name: aliases, and past (or later) names.
    aliasText: otherNames.length > 0 ? otherNames.join(" | ") : null,
    ...(happensAtDate ? {} : mergeValidity(time.map((statement) => statement.validity))),
  };
  return { ...nodeRow(id, merged, citations), time };
}

/** One checked fact record as the row the writer sends (fact node and direct relationship), with its citations. */
export function factRowOf(fact: SeedFact, rules: ModelRules, citations: CitationRow[]): FactRow {
  const flags = [...new Set(fact.flags ?? [])];
  const startYearProperty = startYearProperties.get(fact.predicate);
  const startYear = startYearProperty ? fact.properties?.[startYearProperty] : undefined;
  const validity = validityStatement(
    fact.valid,
    typeof startYear === "number" ? { year: startYear, basis: basisOf(ownCitations(citations)) } : undefined,
  );
  return factRow(
    factId(fact.predicate, fact.subject, fact.object),
    {
      predicate: fact.predicate,
      subjectId: fact.subject,
      objectId: fact.object,
      flags: flags.length > 0 ? flags : null,
    },
    citations,
    definedOnly(fact.properties ?? {}),
    rules.predicates.get(fact.predicate)?.properties ?? new Map(),
    [{ validity }],
  );
}

/** One fact cited by a second file: both files' citations, flags and relationship properties. */
export function mergeFactRows(existing: FactRow, added: FactRow, declared: Map<string, unknown>): FactRow {
  const flags = [
    ...new Set([
      ...((existing.props.flags as string[] | null) ?? []),
      ...((added.props.flags as string[] | null) ?? []),
    ]),
  ];
  return factRow(
    added.id,
    {
      predicate: added.props.predicate as string,
      subjectId: added.subject,
      objectId: added.object,
      flags: flags.length > 0 ? flags : null,
    },
    [...existing.citations, ...added.citations],
    { ...existing.relationshipProps, ...definedOnly(added.relationshipProps) },
    declared,
    // A later file ranks first until statements per source rank sources (design of #15, §1).
    [...(added.time ?? []), ...(existing.time ?? [])],
  );
}

function factRow(
  id: string,
  props: { predicate: string; subjectId: string; objectId: string; flags: string[] | null },
  citations: CitationRow[],
  given: Record<string, unknown>,
  declared: Map<string, unknown>,
  time: TimeStatement[],
): FactRow {
  const validity: ValidityProps = mergeValidity(time.map((statement) => statement.validity));
  // Every declared property is written, absent ones as null, so a property removed from the file is
  // removed from the graph; the validity is on the direct relationship as on the fact node.
  const relationshipProps = {
    ...Object.fromEntries([...declared.keys()].map((name) => [name, given[name] ?? null])),
    ...validity,
  };
  const allProps = {
    predicate: props.predicate,
    subjectId: props.subjectId,
    objectId: props.objectId,
    basis: basisOf(ownCitations(citations)),
    flags: props.flags,
    ...validity,
  };
  return {
    ...nodeRow(id, allProps, citations, relationshipProps),
    subject: props.subjectId,
    object: props.objectId,
    relationshipProps,
    time,
  };
}

/** The stable id of a fact: one per (predicate, subject, object), whatever the number of sources. */
export function factId(predicate: string, subject: string, object: string): string {
  return `fact:${predicate.toLowerCase()}:${subject}:${object}`;
}

/** An entity's node properties: every declared property is written, absent ones as null (removing them). */
function entityProps(entity: SeedEntity, declared: Map<string, unknown>): Record<string, unknown> {
  const given = entity.properties ?? {};
  const props: Record<string, unknown> = {
    name: entity.name,
    description: entity.description ?? null,
    aliases: entity.aliases ?? null,
    // The full-text index reads one string; lists are not indexed.
    aliasText: entity.aliases?.join(" | ") ?? null,
    flags: entity.flags ?? null,
  };
  for (const name of declared.keys()) {
    if (!derivedProperties.has(name)) props[name] = given[name] ?? null;
  }
  if (declared.has("startDate"))
    Object.assign(props, dateRange(given.date as string | undefined, given.period as string | undefined));
  return props;
}

export function definedOnly(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(props).filter(([, value]) => value !== null && value !== undefined),
  );
}

export function nodeRow(
  id: string,
  props: Record<string, unknown>,
  citations: CitationRow[],
  extra?: Record<string, unknown>,
): NodeRow {
  const hash = createHash("sha256")
    .update(JSON.stringify([props, citations, extra ?? null]))
    .digest("base64url");
  return { id, props, citations, hash };
}
