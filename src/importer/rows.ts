// Records as the rows the writer sends to Neo4j. Imports nothing from the model at run time, so that a worker
// thread (read-pool.ts) can load it quickly and turn a file into rows before the main thread merges them.
import { createHash } from "node:crypto";
import type { ModelRules } from "../model/index.ts";
import {
  derivedProperties,
  type Evidence,
  periodPattern,
  type SeedEntity,
  type SeedFact,
  type SeedFile,
} from "./format.ts";

/** One citation of an entity or fact by a source. */
export interface CitationRow {
  sourceId: string;
  section: string;
  quote: string;
  basis: "STATED" | "INFERRED";
  reason: string | null;
}

export interface NodeRow {
  id: string;
  props: Record<string, unknown>;
  citations: CitationRow[];
  /** Digest of everything imported for this row, to tell unchanged from updated. */
  hash: string;
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
      row: entityRow(entity, rules, citationRows(sourceId, entity.evidence)),
    })),
    facts: data.facts.map((fact) => ({
      predicate: fact.predicate,
      row: factRowOf(fact, rules, citationRows(sourceId, fact.evidence)),
    })),
  };
}

/** A record's evidence items as citations of one source. */
export function citationRows(sourceId: string, evidence: Evidence[]): CitationRow[] {
  return evidence.map((item) => ({
    sourceId,
    section: item.section,
    quote: item.quote,
    basis: item.basis,
    reason: item.reason ?? null,
  }));
}

/** One checked entity record as the row the writer sends, with its citations. */
export function entityRow(entity: SeedEntity, rules: ModelRules, citations: CitationRow[]): NodeRow {
  return nodeRow(entity.id, entityProps(entity, rules.entityTypes.get(entity.type) ?? new Map()), citations);
}

/** One checked fact record as the row the writer sends (fact node and direct relationship), with its citations. */
export function factRowOf(fact: SeedFact, rules: ModelRules, citations: CitationRow[]): FactRow {
  const flags = [...new Set(fact.flags ?? [])];
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
  );
}

function factRow(
  id: string,
  props: { predicate: string; subjectId: string; objectId: string; flags: string[] | null },
  citations: CitationRow[],
  given: Record<string, unknown>,
  declared: Map<string, unknown>,
): FactRow {
  // Every declared property is written, absent ones as null, so a property removed from the file is
  // removed from the graph.
  const relationshipProps = Object.fromEntries(
    [...declared.keys()].map((name) => [name, given[name] ?? null]),
  );
  const allProps = {
    predicate: props.predicate,
    subjectId: props.subjectId,
    objectId: props.objectId,
    basis: citations.some((citation) => citation.basis === "STATED") ? "STATED" : "INFERRED",
    flags: props.flags,
  };
  return {
    ...nodeRow(id, allProps, citations, relationshipProps),
    subject: props.subjectId,
    object: props.objectId,
    relationshipProps,
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

/** The first and last day an event may fall on, from its day or its period. */
export function dateRange(
  date: string | undefined,
  period: string | undefined,
): { startDate: string | null; endDate: string | null } {
  if (date) return { startDate: date, endDate: date };
  const match = period ? periodPattern.exec(period) : null;
  if (!match) return { startDate: null, endDate: null };
  const year = Number(match[1]);
  const [firstMonth, lastMonth] = match[2]
    ? [Number(match[2]), Number(match[2])]
    : match[3]
      ? [match[3] === "1" ? 1 : 7, match[3] === "1" ? 6 : 12]
      : match[4]
        ? [Number(match[4]) * 3 - 2, Number(match[4]) * 3]
        : [1, 12];
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, "0");
  return { startDate: `${year}-${pad(firstMonth)}-01`, endDate: `${year}-${pad(lastMonth)}-${pad(lastDay)}` };
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
