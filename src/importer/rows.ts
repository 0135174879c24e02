// Records as the rows the writer sends to Neo4j. Imports nothing from the model at run time, so that a worker
// thread (read-pool.ts) can load it quickly and turn a file into rows before the main thread merges them.
import { hash } from "node:crypto";
import type { Evidence, SeedEntity, SeedFact, SeedFile } from "./format.ts";
import {
  canonicalJson,
  digest,
  type EntityStatement,
  type FactStatement,
  type Statements,
} from "./statements.ts";
import { nameStatements, timeEvidence, validStatement } from "./validity.ts";

export { dateRange } from "./calendar.ts";

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

/** An entity as the sources of one run state it: what each says, and their citations. */
export interface EntityRecord {
  id: string;
  statements: Statements<EntityStatement>;
  citations: CitationRow[];
}

/** A fact as the sources of one run state it: what each says, and their citations. */
export interface FactRecord {
  id: string;
  predicate: string;
  subject: string;
  object: string;
  statements: Statements<FactStatement>;
  citations: CitationRow[];
}

/** One file's records, each as its own source states it (see `recordMerger` in merge.ts). */
export interface FileRows {
  source: SeedFile["source"];
  entities: { type: string; row: EntityRecord }[];
  facts: { predicate: string; row: FactRecord }[];
}

/** Turns one checked file into records: the costly part of merging, which needs no other file. */
export function fileRows(data: SeedFile): FileRows {
  const sourceId = data.source.id;
  return {
    source: data.source,
    entities: data.entities.map((entity) => ({
      type: entity.type,
      row: entityRecord(entity, recordCitations(sourceId, entity)),
    })),
    facts: data.facts.map((fact) => ({
      predicate: fact.predicate,
      row: factRecord(fact, recordCitations(sourceId, fact)),
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
export function ownCitations<Citation extends { about?: string | null }>(
  citations: readonly Citation[],
): Citation[] {
  return citations.filter((citation) => (citation.about ?? null) === null);
}

/** The citations grouped by source, in the order met. */
export function citationsBySource(citations: CitationRow[]): Map<string, CitationRow[]> {
  const bySource = new Map<string, CitationRow[]>();
  for (const citation of citations) {
    const list = bySource.get(citation.sourceId);
    if (list) list.push(citation);
    else bySource.set(citation.sourceId, [citation]);
  }
  return bySource;
}

/**
 * Digest of one source's citations of a record, in a canonical order: the same citations, in whatever order
 * they were given or written, give the same digest. Every field but the source counts (a field added to
 * citations counts without a change here); an absent field and a null one are the same.
 */
export function evidenceDigest(citations: readonly CitationRow[]): string {
  const items = citations
    .map(({ sourceId: _sourceId, ...fields }) => canonicalJson(definedOnly(fields)))
    .sort();
  return digest(items);
}

/** STATED if any of the citations states it. */
export function basisOf(citations: readonly { basis: string }[]): "STATED" | "INFERRED" {
  return citations.some((citation) => citation.basis === "STATED") ? "STATED" : "INFERRED";
}

/**
 * One checked entity record as the statement of each source its citations name (a seed file's records cite
 * one source; the editing API's may cite several, each getting the same values).
 */
export function entityRecord(entity: SeedEntity, citations: CitationRow[]): EntityRecord {
  const values = {
    name: entity.name,
    ...(entity.aliases && entity.aliases.length > 0 ? { aliases: [...new Set(entity.aliases)] } : {}),
    ...(entity.description ? { description: entity.description } : {}),
    ...(entity.flags && entity.flags.length > 0 ? { flags: [...new Set(entity.flags)] } : {}),
    ...(entity.names ? { names: nameStatements(entity.names) } : {}),
    ...(entity.valid ? { valid: validStatement(entity.valid) } : {}),
    ...givenProperties(entity.properties),
  };
  const statements: Statements<EntityStatement> = {};
  for (const [sourceId, cited] of citationsBySource(citations)) {
    statements[sourceId] = { ...values, evidence: evidenceDigest(cited) };
  }
  return { id: entity.id, statements, citations };
}

/** A record's own properties for its statement: `{properties}` when it gives any, else nothing. */
function givenProperties(properties: Record<string, unknown> | undefined): {
  properties?: Record<string, unknown>;
} {
  const given = definedOnly(properties ?? {});
  return Object.keys(given).length > 0 ? { properties: given } : {};
}

/** One checked fact record as the statement of each source its citations name. */
export function factRecord(fact: SeedFact, citations: CitationRow[]): FactRecord {
  const values = {
    ...givenProperties(fact.properties),
    ...(fact.flags && fact.flags.length > 0 ? { flags: [...new Set(fact.flags)] } : {}),
    ...(fact.valid ? { valid: validStatement(fact.valid) } : {}),
  };
  const statements: Statements<FactStatement> = {};
  for (const [sourceId, cited] of citationsBySource(citations)) {
    statements[sourceId] = {
      ...values,
      basis: basisOf(ownCitations(cited)),
      evidence: evidenceDigest(cited),
    };
  }
  return {
    id: factId(fact.predicate, fact.subject, fact.object),
    predicate: fact.predicate,
    subject: fact.subject,
    object: fact.object,
    statements,
    citations,
  };
}

/** The stable id of a fact: one per (predicate, subject, object), whatever the number of sources. */
export function factId(predicate: string, subject: string, object: string): string {
  return `fact:${predicate.toLowerCase()}:${subject}:${object}`;
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
  return {
    id,
    props,
    citations,
    hash: hash("sha256", JSON.stringify([props, citations, extra ?? null]), "base64url"),
  };
}
