// A plan's records resolved against the graph: the statements the graph holds from other sources joined to
// the run's, merged into the node properties the writer sends, with the digest that tells unchanged rows.
import { hash } from "node:crypto";
import type { ManagedTransaction, Transaction } from "neo4j-driver";
import { importerStatements, type ModelRules, type PropertyRule } from "../model/index.ts";
import type { ImportPlan } from "./merge.ts";
import {
  basisOf,
  type CitationRow,
  dateRange,
  type EntityRecord,
  evidenceDigest,
  type FactRecord,
  type FactRow,
  type NodeRow,
  ownCitations,
} from "./rows.ts";
import {
  type EntityStatement,
  type FactStatement,
  mergeEntityStatements,
  mergeFactStatements,
  parseStatements,
  type SourceRank,
  type Statements,
  sourceRank,
  statementsJson,
} from "./statements.ts";

/**
 * How a run's statements join the graph's. `replace` (imports): a file states everything its source says, so
 * a record's statements from the run's sources are replaced by the run's (a source that no longer states the
 * record loses its entry). `add` (the editing API): each cited source's entry is replaced, others stay, and
 * the source's citations are the graph's plus the request's.
 */
export type CitationMode = "replace" | "add";

/** What the graph holds of one record: its import digest and its statements (null before statements existed). */
export interface ExistingRecord {
  hash: string | null;
  statements: string | null;
}

/** The plan's rows as the writer sends them, and what the graph held of each. */
export interface ResolvedPlan {
  sources: NodeRow[];
  entities: Map<string, NodeRow[]>;
  facts: Map<string, FactRow[]>;
  existing: { nodes: Map<string, ExistingRecord>; facts: Map<string, ExistingRecord> };
}

/** Ids per look-up of what the graph already holds (a read: bigger batches, fewer round trips). */
const lookupBatchSize = 20_000;

/**
 * Reads what the graph holds of the plan's records, then merges each record's statements (the graph's and the
 * run's) into its node properties. `graphEmpty`: the caller counted no entity and no fact in the graph, so
 * nothing is looked up (a first import's reads would find nothing, and each costs a statement).
 */
export async function resolvePlan(
  tx: Transaction,
  plan: ImportPlan,
  rules: ModelRules,
  mode: CitationMode,
  graphEmpty = false,
): Promise<ResolvedPlan> {
  const nodeIds = [...plan.sources.map((row) => row.id)];
  for (const rows of plan.entities.values()) for (const row of rows) nodeIds.push(row.id);
  const factIds: string[] = [];
  for (const rows of plan.facts.values()) for (const row of rows) factIds.push(row.id);
  const existing = {
    nodes: graphEmpty ? new Map<string, ExistingRecord>() : await existingRecords(tx, "Entity", nodeIds),
    facts: graphEmpty ? new Map<string, ExistingRecord>() : await existingRecords(tx, "Fact", factIds),
  };
  const runSources = [...plan.ranks.keys()];
  const added = mode === "add" ? await graphCitations(tx, plan) : null;
  const combine = <Statement extends { evidence: string }>(
    id: string,
    record: { statements: Statements<Statement>; citations: CitationRow[] },
    known: Map<string, ExistingRecord>,
    restate: (statement: Statement, citations: CitationRow[]) => Statement,
  ): Statements<Statement> => {
    const held = parseStatements<Statement>(known.get(id)?.statements);
    if (mode === "replace") {
      for (const source of runSources) delete held[source];
      return Object.assign(held, record.statements);
    }
    for (const [source, statement] of Object.entries(record.statements)) {
      held[source] = restate(
        statement,
        joinCitations(added?.get(`${id} ${source}`) ?? [], record.citations, source),
      );
    }
    return held;
  };

  const entities = [...plan.entities].map(
    ([type, rows]) =>
      [
        type,
        rows.map((row) => ({
          row,
          statements: combine<EntityStatement>(row.id, row, existing.nodes, (statement, citations) => ({
            ...statement,
            evidence: evidenceDigest(citations),
          })),
        })),
      ] as const,
  );
  const facts = [...plan.facts].map(
    ([predicate, rows]) =>
      [
        predicate,
        rows.map((row) => ({
          row,
          statements: combine<FactStatement>(row.id, row, existing.facts, (statement, citations) => ({
            ...statement,
            basis: basisOf(ownCitations(citations)),
            evidence: evidenceDigest(citations),
          })),
        })),
      ] as const,
  );

  const ranks = new Map(plan.ranks);
  const unranked = new Set<string>();
  for (const [, rows] of [...entities, ...facts]) {
    for (const { statements } of rows) {
      for (const source of Object.keys(statements)) if (!ranks.has(source)) unranked.add(source);
    }
  }
  for (const [id, rank] of await graphSourceRanks(tx, [...unranked])) ranks.set(id, rank);

  return {
    sources: plan.sources,
    entities: new Map(
      entities.map(([type, rows]) => {
        const declared = rules.entityTypes.get(type) ?? new Map();
        return [type, rows.map(({ row, statements }) => entityRow(row, statements, ranks, declared))];
      }),
    ),
    facts: new Map(
      facts.map(([predicate, rows]) => {
        const declared = rules.predicates.get(predicate)?.properties ?? new Map();
        return [predicate, rows.map(({ row, statements }) => factRow(row, statements, ranks, declared))];
      }),
    ),
    existing,
  };
}

/** An entity's row: its merged properties, its statements, and the digest of both. */
export function entityRow(
  record: Pick<EntityRecord, "id" | "citations">,
  statements: Statements<EntityStatement>,
  ranks: ReadonlyMap<string, SourceRank>,
  declared: Map<string, PropertyRule>,
): NodeRow {
  const merged = mergeEntityStatements(statements, ranks, declared);
  const props: Record<string, unknown> = { ...merged, statements: statementsJson(statements) };
  if (declared.has("startDate")) {
    Object.assign(props, dateRange(merged.date as string | undefined, merged.period as string | undefined));
  }
  return { id: record.id, props, citations: record.citations, hash: rowDigest(props) };
}

/** A fact's row: its node's and its direct relationship's merged properties, and the digest of both. */
export function factRow(
  record: Pick<FactRecord, "id" | "predicate" | "subject" | "object" | "citations">,
  statements: Statements<FactStatement>,
  ranks: ReadonlyMap<string, SourceRank>,
  declared: Map<string, PropertyRule>,
): FactRow {
  const merged = mergeFactStatements(statements, ranks, declared);
  const props = {
    predicate: record.predicate,
    subjectId: record.subject,
    objectId: record.object,
    ...merged.node,
    statements: statementsJson(statements),
  };
  return {
    id: record.id,
    props,
    citations: record.citations,
    subject: record.subject,
    object: record.object,
    relationshipProps: merged.relationship,
    hash: rowDigest([props, merged.relationship]),
  };
}

/**
 * The digest of a row as written: the merged values and the statements behind them (which carry each
 * source's evidence digest). A function of the set of statements only, so any order of imports gives it.
 */
function rowDigest(written: unknown): string {
  return hash("sha256", JSON.stringify(written), "base64url");
}

/** The look-up of what the graph holds, by the label of the records looked up. */
const existingStatements = {
  Entity: importerStatements["existing-entities"],
  Fact: importerStatements["existing-facts"],
} as const;

/** The import digest and statements of each of `ids` already in the graph (absent ids are not in the map). */
async function existingRecords(
  tx: Transaction,
  label: "Entity" | "Fact",
  ids: string[],
): Promise<Map<string, ExistingRecord>> {
  const found = new Map<string, ExistingRecord>();
  for (let start = 0; start < ids.length; start += lookupBatchSize) {
    const { records } = await tx.run(existingStatements[label], {
      ids: ids.slice(start, start + lookupBatchSize),
    });
    for (const record of records) {
      found.set(record.get("id") as string, {
        hash: record.get("hash") as string | null,
        statements: record.get("statements") as string | null,
      });
    }
  }
  return found;
}

/** The ranks of sources the graph holds (those a run does not import). */
export async function graphSourceRanks(
  tx: Transaction | ManagedTransaction,
  ids: string[],
): Promise<Map<string, SourceRank>> {
  if (ids.length === 0) return new Map();
  const { records } = await tx.run(importerStatements["source-ranks"], { ids });
  return new Map(
    records.map((record) => {
      const id = record.get("id") as string;
      const number = (value: unknown) => (value === null ? null : Number(value));
      return [
        id,
        sourceRank({
          id,
          priority: number(record.get("priority")),
          date: record.get("date") as string | null,
          year: number(record.get("year")),
        }),
      ];
    }),
  );
}

/**
 * The citations the graph holds of the plan's records by the sources the request cites, keyed by
 * `"<record id> <source id>"` (the editing API's `add` mode joins the request's to them).
 */
async function graphCitations(tx: Transaction, plan: ImportPlan): Promise<Map<string, CitationRow[]>> {
  const ids: string[] = [];
  const sources = new Set<string>();
  for (const rows of [...plan.entities.values(), ...plan.facts.values()]) {
    for (const row of rows) {
      ids.push(row.id);
      for (const source of Object.keys(row.statements)) sources.add(source);
    }
  }
  const { records } = await tx.run(importerStatements["citations-by-sources"], {
    ids,
    sources: [...sources],
  });
  const found = new Map<string, CitationRow[]>();
  for (const record of records) {
    const key = `${record.get("id")} ${record.get("sourceId")}`;
    const list = found.get(key) ?? [];
    list.push({
      sourceId: record.get("sourceId") as string,
      section: record.get("section") as string,
      quote: record.get("quote") as string,
      basis: record.get("basis") as CitationRow["basis"],
      reason: (record.get("reason") as string | null) ?? null,
      about: (record.get("about") as string | null) ?? null,
    });
    found.set(key, list);
  }
  return found;
}

/** A source's citations after an `add`: the graph's, each replaced by the request's with its section and quote. */
function joinCitations(held: CitationRow[], requested: CitationRow[], source: string): CitationRow[] {
  const joined = new Map(held.map((citation) => [`${citation.section}\u0000${citation.quote}`, citation]));
  for (const citation of requested) {
    if (citation.sourceId === source) joined.set(`${citation.section}\u0000${citation.quote}`, citation);
  }
  return [...joined.values()];
}
