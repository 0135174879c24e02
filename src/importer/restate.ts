// Records that lose statements: a re-import whose file no longer has them, `--remove <source>`, a retracted
// citation. Each such record drops the statements of the sources taken out (and of any source left without a
// citation of it), is merged again from what stays, or is deleted when nothing stays.
import neo4j, { type ManagedTransaction, type Transaction } from "neo4j-driver";
import { importerStatements, type ModelRules } from "../model/index.ts";
import { ImportError } from "./plan.ts";
import { entityRow, factRow, graphSourceRanks } from "./resolve.ts";
import { basisOf, type CitationRow, evidenceDigest, ownCitations } from "./rows.ts";
import {
  type EntityStatement,
  type FactStatement,
  parseStatements,
  type SourceRank,
  type Statements,
} from "./statements.ts";
import { refreshTallies } from "./tallies.ts";

/** What restating did: records merged again from the statements left, and records deleted. */
export interface Restated {
  updated: string[];
  deleted: string[];
}

/** The records (entities and facts) other than `except` that cite any of `sources`. */
export async function recordsCiting(
  tx: Transaction | ManagedTransaction,
  sources: string[],
  except: ReadonlySet<string> = new Set(),
): Promise<string[]> {
  if (sources.length === 0) return [];
  const { records } = await tx.run(importerStatements["records-citing-sources"], { sources });
  return records.map((record) => record.get("id") as string).filter((id) => !except.has(id));
}

interface HeldRecord {
  id: string;
  isFact: boolean;
  type: string | null;
  predicate: string | null;
  subject: string | null;
  object: string | null;
  statements: string | null;
  citations: CitationRow[];
}

/**
 * Takes the statements and citations of `drop` sources off the records `ids`, with the statements of any
 * source left without a citation of the record; merges each record again from the statements that stay
 * (ranks of the run's sources in `ranks`, the others read from the graph); deletes a record left with no
 * statement and no citation (a fact with its direct relationship). Refuses, with an {@link ImportError}, to
 * delete an entity that a fact which stays still joins. Runs in the caller's transaction.
 */
export async function restateRecords(
  tx: Transaction | ManagedTransaction,
  ids: string[],
  drop: string[],
  rules: ModelRules,
  ranks: ReadonlyMap<string, SourceRank> = new Map(),
): Promise<Restated> {
  if (ids.length === 0) return { updated: [], deleted: [] };
  if (drop.length > 0) {
    await tx.run(importerStatements["drop-citations-of-sources"], { ids, drop });
  }
  const held = await heldRecords(tx, ids);
  const dropped = new Set(drop);
  const kept = held.map((record) => ({ record, statements: keptStatements(record, dropped) }));
  const known = new Map(ranks);
  const unranked = new Set<string>();
  for (const { statements } of kept) {
    for (const source of Object.keys(statements)) if (!known.has(source)) unranked.add(source);
  }
  for (const [id, rank] of await graphSourceRanks(tx, [...unranked])) known.set(id, rank);

  const deleted = kept.filter(
    ({ record, statements }) => Object.keys(statements).length === 0 && record.citations.length === 0,
  );
  const deletedIds = new Set(deleted.map(({ record }) => record.id));
  await refuseLostEnds(
    tx,
    deleted.filter(({ record }) => !record.isFact).map(({ record }) => record.id),
    deletedIds,
    drop,
  );

  const entityRows = new Map<string, ReturnType<typeof entityRow>[]>();
  const factRows = new Map<string, ReturnType<typeof factRow>[]>();
  for (const { record, statements } of kept) {
    // A record with citations but no statements was written before statements existed: left as it is.
    if (deletedIds.has(record.id) || Object.keys(statements).length === 0) continue;
    if (record.isFact && record.predicate && record.subject && record.object) {
      const declared = rules.predicates.get(record.predicate)?.properties ?? new Map();
      const row = factRow(
        {
          id: record.id,
          predicate: record.predicate,
          subject: record.subject,
          object: record.object,
          citations: [],
        },
        statements as Statements<FactStatement>,
        known,
        declared,
      );
      factRows.set(record.predicate, [...(factRows.get(record.predicate) ?? []), row]);
    } else if (record.type) {
      const declared = rules.entityTypes.get(record.type) ?? new Map();
      const row = entityRow(
        { id: record.id, citations: [] },
        statements as Statements<EntityStatement>,
        known,
        declared,
      );
      entityRows.set(record.type, [...(entityRows.get(record.type) ?? []), row]);
    }
  }
  for (const [type, rows] of entityRows) {
    const declared = rules.entityTypes.get(type);
    await tx.run(importerStatements["restate-entities"], {
      rows: rows.map((row) => ({ id: row.id, hash: row.hash, props: toNeo4jTypes(row.props, declared) })),
    });
  }
  for (const [predicate, rows] of factRows) {
    const declared = rules.predicates.get(predicate)?.properties;
    await tx.run(importerStatements["restate-facts"], {
      rows: rows.map((row) => ({
        id: row.id,
        hash: row.hash,
        props: toNeo4jTypes(row.props, undefined),
        relationshipProps: toNeo4jTypes(row.relationshipProps, declared),
      })),
    });
  }
  const deletedFacts = deleted.filter(({ record }) => record.isFact).map(({ record }) => record.id);
  const deletedEntities = deleted.filter(({ record }) => !record.isFact).map(({ record }) => record.id);
  if (deletedFacts.length > 0) {
    await tx.run(importerStatements["delete-facts"], { ids: deletedFacts });
  }
  if (deletedEntities.length > 0) {
    await tx.run(importerStatements["delete-entities"], { ids: deletedEntities });
  }
  await refreshTallies(
    tx,
    held
      .flatMap((record) => (record.isFact ? [record.subject, record.object] : [record.id]))
      .filter((id) => id !== null),
  );
  return {
    updated: [...entityRows.values(), ...factRows.values()].flat().map((row) => row.id),
    deleted: [...deletedFacts, ...deletedEntities],
  };
}

/** The statements that stay: not of a dropped source, and of a source that still cites the record. */
function keptStatements(
  record: HeldRecord,
  dropped: ReadonlySet<string>,
): Statements<EntityStatement | FactStatement> {
  const held = parseStatements<EntityStatement | FactStatement>(record.statements);
  const bySource = new Map<string, CitationRow[]>();
  for (const citation of record.citations) {
    bySource.set(citation.sourceId, [...(bySource.get(citation.sourceId) ?? []), citation]);
  }
  const kept: Statements<EntityStatement | FactStatement> = {};
  for (const [source, statement] of Object.entries(held)) {
    const citations = bySource.get(source);
    if (dropped.has(source) || !citations) continue;
    kept[source] = {
      ...statement,
      evidence: evidenceDigest(citations),
      ...(record.isFact ? { basis: basisOf(ownCitations(citations)) } : {}),
    };
  }
  return kept;
}

async function heldRecords(tx: Transaction | ManagedTransaction, ids: string[]): Promise<HeldRecord[]> {
  const { records } = await tx.run(importerStatements["held-records"], { ids });
  return records.map((record) => ({
    id: record.get("id") as string,
    isFact: record.get("isFact") as boolean,
    type: record.get("type") as string | null,
    predicate: record.get("predicate") as string | null,
    subject: record.get("subject") as string | null,
    object: record.get("object") as string | null,
    statements: record.get("statements") as string | null,
    citations: (record.get("citations") as CitationRow[]).map((citation) => ({
      ...citation,
      reason: citation.reason ?? null,
      about: citation.about ?? null,
    })),
  }));
}

/**
 * Refuses to delete entities that a fact which stays still joins: the fact would lose an end. The message
 * names the fact, the sources that still state it, and what to do.
 */
async function refuseLostEnds(
  tx: Transaction | ManagedTransaction,
  entityIds: string[],
  deletedIds: ReadonlySet<string>,
  drop: string[],
): Promise<void> {
  if (entityIds.length === 0) return;
  const { records } = await tx.run(importerStatements["facts-losing-an-end"], {
    ids: entityIds,
    deleted: [...deletedIds],
  });
  if (records.length === 0) return;
  const takenOut = drop.join(", ");
  throw new ImportError(
    records.map((record) => {
      const sources = [...new Set(record.get("sources") as string[])].sort();
      const entity = record.get("entity") as string;
      const stating = sources.length > 0 ? sources.join(", ") : "no source";
      return `${record.get("fact")}: its ${record.get("end")} ${entity} would be deleted (no source left defines it once ${takenOut || "its last citation"} is taken out), but the fact stays, stated by ${stating}. Take ${sources.length === 1 ? "that source" : "those sources"} out too (npm run seed -- --remove ${sources.join(" ")}), or define ${entity} in ${sources.length === 1 ? "it" : "one of them"}.`;
    }),
  );
}

/** The days a validity stands for (src/importer/validity.ts), stored as dates to compare with a day. */
const validityDates: ReadonlyMap<string, { type: string }> = new Map([
  ["validFromDate", { type: "Date" }],
  ["validUntilDate", { type: "Date" }],
]);

/**
 * Typed properties travel as Neo4j types (see write.ts): the declared ones, and a validity's first and last
 * days, which every entity and fact may carry.
 */
export function toNeo4jTypes(
  props: Record<string, unknown>,
  declared: Map<string, { type: string }> | undefined,
) {
  const converted = { ...props };
  for (const [name, rule] of [...(declared ?? []), ...validityDates]) {
    const value = converted[name];
    if (rule.type === "Date" && typeof value === "string") {
      const [year, month, day] = value.split("-").map(Number);
      converted[name] = new neo4j.types.Date(year ?? 0, month ?? 0, day ?? 0);
    } else if (rule.type === "Int" && typeof value === "number") {
      converted[name] = neo4j.int(value);
    }
  }
  return converted;
}
