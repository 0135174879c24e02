import { randomUUID } from "node:crypto";
import neo4j, {
  type Driver,
  type ManagedTransaction,
  type Record as Neo4jRecord,
  type Session,
  type Transaction,
} from "neo4j-driver";
import {
  constraintStatements,
  fillPlaceholders,
  fullTextIndexes,
  importerStatements,
  type ModelRules,
  pairKey,
} from "../model/index.ts";
import { planTallies, type TallyOf } from "./first-load-tallies.ts";
import { type FactRow, ImportError, type ImportPlan, type NodeRow } from "./plan.ts";
import {
  type CitationMode,
  type ExistingRecord,
  graphSourceRanks,
  type ResolvedPlan,
  resolvePlan,
} from "./resolve.ts";
import { type Restated, recordsCiting, restateRecords, toNeo4jTypes } from "./restate.ts";
import { refreshMissingTallies, refreshRunTallies, refreshTallies, touchedByPlan } from "./tallies.ts";

export type { CitationMode } from "./resolve.ts";

/** What an import did, per node type and per predicate. */
export interface ImportSummary {
  nodes: Record<string, StatusCounts>;
  facts: Record<string, StatusCounts>;
  /**
   * Records the graph held with a statement or citation of a source of this run that its file no longer
   * has: merged again from the other sources' statements (`updated`), or deleted when none stayed.
   */
  withdrawn: Restated;
  seconds: number;
}

export interface StatusCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** Called after each batch with what is written so far. */
export type ProgressListener = (done: number, total: number) => void;

/**
 * Rows per statement: fewer, bigger statements cost less per row (measured: 1,000 → 5,000 rows); a part of an
 * import in parts still never exceeds its record budget, as batches are cut to fit.
 */
const batchSize = 5_000;

/**
 * Runs the statements of graph/constraints.cypher (each IF NOT EXISTS), which the importer's MERGEs and the
 * API's search rely on. Schema changes cannot share a transaction with writes, so this runs first. A full-text
 * index whose labels or properties differ from the model's (a type added to graph/schema.graphql since the
 * database was created) is dropped and created again: Neo4j cannot alter one, and IF NOT EXISTS would keep it.
 * Last, a graph with a theme, event or organisation that has no tally yet (src/importer/tallies.ts) is recounted;
 * `graphEmpty` (the caller counted no record, see {@link holdsNoRecord}) skips that look: an empty graph has
 * nothing to recount, and on a first import every statement is one a fresh server plans cold. `newStore` (a
 * store neo4j-admin has just built, with every tally) skips both looks.
 */
export async function applyConstraints(
  driver: Driver,
  database: string,
  { graphEmpty = false, newStore = false }: { graphEmpty?: boolean; newStore?: boolean } = {},
): Promise<void> {
  // One look at the schema instead of a round trip per statement: on every import but the first, nothing is
  // missing and nothing is run. A store neo4j-admin has just built (`newStore`) has no schema to look at.
  const [{ records: constraints }, { records: indexes }] = newStore
    ? [{ records: [] }, { records: [] }]
    : await Promise.all([
        driver.executeQuery(importerStatements["show-constraints"], {}, { database }),
        driver.executeQuery(importerStatements["show-indexes"], {}, { database }),
      ]);
  const stale = staleFullTextIndexes(indexes);
  for (const index of stale) {
    await driver.executeQuery(
      fillPlaceholders(importerStatements["drop-index"], { index }),
      {},
      { database },
    );
  }
  const existing = new Set<string>([
    ...((constraints[0]?.get("names") as string[] | undefined) ?? []),
    ...indexes.map((record) => record.get("name") as string).filter((name) => !stale.includes(name)),
  ]);
  const missing = constraintStatements.filter((statement) => {
    const name = /^CREATE\s+(?:\w+\s+)?(?:CONSTRAINT|INDEX)\s+(\w+)/i.exec(statement)?.[1];
    return !name || !existing.has(name);
  });
  if (missing.length > 0) {
    // Schema commands may share a transaction, as long as it writes no data. An empty graph gets all of them
    // in one: nothing to populate, one commit. A graph with records gets its indexes first: their population
    // starts in the background when that transaction commits, while the second one populates and checks the
    // uniqueness constraints, which block their commit (on a 100k store just built by neo4j-admin, 4.6–4.8 s
    // instead of 5.3–5.5 s in one transaction).
    const isConstraint = (statement: string) => /^CREATE\s+CONSTRAINT\b/i.test(statement);
    const groups = graphEmpty
      ? [missing]
      : [missing.filter((statement) => !isConstraint(statement)), missing.filter(isConstraint)];
    const session = driver.session({ database, defaultAccessMode: neo4j.session.WRITE });
    try {
      for (const group of groups) {
        if (group.length === 0) continue;
        await session.executeWrite(async (tx) => {
          for (const statement of group) await tx.run(statement);
        });
      }
    } finally {
      await session.close();
    }
  }
  const populating = indexes.some((record) => record.get("state") !== "ONLINE");
  if (missing.length > 0 || populating) {
    await driver.executeQuery(importerStatements["await-indexes"], {}, { database });
  }
  // A new store's tallies were written with its nodes (first-load-tallies.ts).
  if (!graphEmpty && !newStore) await refreshMissingTallies(driver, database);
}

/** The names of the model's full-text indexes that exist with other labels, properties or type of index. */
function staleFullTextIndexes(indexes: Neo4jRecord[]): string[] {
  const sameSet = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && [...a].sort().join("|") === [...b].sort().join("|");
  return fullTextIndexes
    .filter((wanted) => {
      const found = indexes.find((record) => record.get("name") === wanted.name);
      if (!found) return false;
      return (
        found.get("type") !== "FULLTEXT" ||
        !sameSet((found.get("labelsOrTypes") as string[] | null) ?? [], wanted.labels) ||
        !sameSet((found.get("properties") as string[] | null) ?? [], wanted.properties)
      );
    })
    .map((wanted) => wanted.name);
}

/** Most records one transaction writes by default: about 100 MB of transaction state, within a 512 MB heap. */
export const defaultTransactionRecords = 10_000;

/**
 * Writes a validated plan in ONE transaction: either all of it lands or none of it (a bad reference found
 * in the graph, a lost connection or any other failure rolls everything back).
 *
 * A plan that creates more than `transactionRecords` records would not fit in the server's transaction
 * memory: it is written in parts, each its own transaction, and what it creates is tagged with the run until
 * the last part is in. A failure deletes what the run created; if the process or the server dies first, the
 * next import finds the tagged records and deletes them. Such a plan may only create records (a first load):
 * one that also updates existing records is refused, since an update cannot be undone that way.
 *
 * `graphEmpty` is what the caller's own {@link holdsNoRecord} answered just before, if it asked: then it is not
 * asked again.
 */
export async function writePlan(
  driver: Driver,
  database: string,
  plan: ImportPlan,
  rules: ModelRules,
  onProgress: ProgressListener = () => {},
  transactionRecords: number = defaultTransactionRecords,
  graphEmpty?: boolean,
): Promise<ImportSummary> {
  const started = Date.now();
  graphEmpty ??= await holdsNoRecord(driver, database);
  if (!graphEmpty) await recoverInterruptedImports(driver, database);
  const session = driver.session({ database, defaultAccessMode: neo4j.session.WRITE });
  const total = plan.sources.length + plan.entityCount + plan.factCount;
  const parts = new TransactionParts(session, (done) => onProgress(done, total));
  let run: string | null = null;
  let written: Pick<ImportSummary, "nodes" | "facts">;
  let withdrawn: Restated = { updated: [], deleted: [] };
  try {
    const resolved = await resolvePlan(parts.tx, plan, rules, "replace", graphEmpty);
    const stale = await withdrawnRecords(parts.tx, plan, resolved);
    run = runInParts(resolved, stale.length, transactionRecords);
    if (run !== null) parts.commitEvery(transactionRecords);
    written = await writeRows(
      {
        tx: () => parts.tx,
        rules,
        existing: resolved.existing,
        progress: parts,
        citations: "replace",
        run,
        ...(graphEmpty && run === null ? { tallies: planTallies(plan) } : {}),
      },
      plan,
      resolved,
    );
    withdrawn = await restateRecords(parts.tx, stale, [...plan.ranks.keys()], rules, plan.ranks);
    if (run !== null) {
      // The last part: the run is complete from here on, even if tidying its tags is interrupted.
      await parts.tx.run(importerStatements["mark-run-complete"], { run });
    }
    await parts.tx.commit();
  } catch (error) {
    if (parts.tx.isOpen()) await parts.tx.rollback().catch(() => {});
    if (run !== null) await discardRun(driver, database, run).catch(() => {});
    throw error;
  } finally {
    await session.close();
  }
  if (run !== null) await finishRun(driver, database, run);
  return { ...written, withdrawn, seconds: (Date.now() - started) / 1000 };
}

/** True when the graph holds no entity and no fact (read from the counts store). */
export async function holdsNoRecord(driver: Driver, database: string): Promise<boolean> {
  const { records } = await driver.executeQuery(importerStatements["record-count"], {}, { database });
  return Number(records[0]?.get("records") ?? 0) === 0;
}

/**
 * The records the graph holds with a citation of one of the run's sources that no file of the run has: their
 * statements of those sources are withdrawn. Nothing to look for on a first import of a source.
 */
async function withdrawnRecords(
  tx: Transaction,
  plan: ImportPlan,
  resolved: ResolvedPlan,
): Promise<string[]> {
  const known = [...plan.ranks.keys()].filter((id) => resolved.existing.nodes.has(id));
  if (known.length === 0) return [];
  const inRun = new Set<string>();
  for (const rows of [...resolved.entities.values(), ...resolved.facts.values()]) {
    for (const row of rows) inRun.add(row.id);
  }
  return recordsCiting(tx, known, inRun);
}

/** How far a write has got, and how many more rows its current transaction may take. */
interface WriteProgress {
  advance(count: number, written: boolean): Promise<void>;
  room(): number;
}

/**
 * An import's transaction, and its progress. Once told to `commitEvery` n records (an import in parts), it
 * commits and begins the next transaction whenever n records are written; until then it is one transaction
 * and batches keep their usual size.
 */
class TransactionParts implements WriteProgress {
  private static readonly metadata = { metadata: { app: "btech-graph import" } };
  private current: Transaction;
  private done = 0;
  private inTransaction = 0;
  private partRecords: number | null = null;

  constructor(
    private readonly session: Session,
    private readonly onProgress: (done: number) => void,
  ) {
    this.current = session.beginTransaction(TransactionParts.metadata);
  }

  /** The transaction to write in now: it changes as parts are committed. */
  get tx(): Transaction {
    return this.current;
  }

  commitEvery(records: number): void {
    this.partRecords = records;
  }

  room(): number {
    return this.partRecords === null ? batchSize : this.partRecords - this.inTransaction;
  }

  async advance(count: number, written: boolean): Promise<void> {
    this.done += count;
    this.onProgress(this.done);
    if (!written || this.partRecords === null) return;
    this.inTransaction += count;
    if (this.inTransaction >= this.partRecords) {
      await this.current.commit();
      this.current = this.session.beginTransaction(TransactionParts.metadata);
      this.inTransaction = 0;
    }
  }
}

/**
 * The run id that tags what a plan too big for one transaction creates, or null when it fits in one.
 * Such a plan may only create records: one that also updates some is refused, naming the limit.
 */
function runInParts(resolved: ResolvedPlan, withdrawn: number, transactionRecords: number): string | null {
  const changes = countChanges(resolved);
  changes.changed += withdrawn;
  changes.updated += withdrawn;
  if (changes.changed <= transactionRecords) return null;
  if (changes.updated > 0) {
    throw new ImportError([
      `this import changes ${changes.changed} records, ${changes.updated} of them already in the graph: more than one transaction can hold (${transactionRecords} records), and updates cannot be written in parts safely. Import the files one at a time, or split them into files of at most ${transactionRecords} records.`,
    ]);
  }
  return randomUUID();
}

/** The ids of a plan's records by what writing them did. */
export interface RecordStatuses {
  created: string[];
  updated: string[];
  unchanged: string[];
}

/**
 * Writes a validated plan into the caller's open transaction, whose commit or rollback stays the caller's:
 * the editing API (src/editing/) writes each request this way, all its fields in one transaction. The plan
 * must fit in one transaction (see `defaultTransactionRecords`).
 */
export async function writePlanInTransaction(
  tx: Transaction,
  plan: ImportPlan,
  rules: ModelRules,
  citations: CitationMode,
): Promise<RecordStatuses> {
  const resolved = await resolvePlan(tx, plan, rules, citations);
  const ranksBefore = await graphSourceRanks(tx, [...plan.ranks.keys()]);
  const progress = { advance: async () => {}, room: () => batchSize };
  await writeRows(
    { tx: () => tx, rules, existing: resolved.existing, progress, citations, run: null },
    plan,
    resolved,
  );
  // A source whose rank changed (a new date, year or priority) may now win or lose other records' values: they
  // are merged again. An import needs no such step: every record its source states is in its file.
  const reranked = [...plan.ranks].filter(([id, rank]) => {
    const before = ranksBefore.get(id);
    return before !== undefined && (before.priority !== rank.priority || before.asOf !== rank.asOf);
  });
  if (reranked.length > 0) {
    const inPlan = new Set(
      [...resolved.entities.values(), ...resolved.facts.values()].flat().map((row) => row.id),
    );
    const affected = await recordsCiting(
      tx,
      reranked.map(([id]) => id),
      inPlan,
    );
    await restateRecords(tx, affected, [], rules, plan.ranks);
  }
  const statuses: RecordStatuses = { created: [], updated: [], unchanged: [] };
  const sort = (rows: NodeRow[], known: Map<string, ExistingRecord>) => {
    for (const row of rows) {
      const hash = known.get(row.id)?.hash;
      const status = !known.has(row.id) ? "created" : hash === row.hash ? "unchanged" : "updated";
      statuses[status].push(row.id);
    }
  };
  sort(resolved.sources, resolved.existing.nodes);
  for (const rows of resolved.entities.values()) sort(rows, resolved.existing.nodes);
  for (const rows of resolved.facts.values()) sort(rows, resolved.existing.facts);
  return statuses;
}

/** What writing a plan's rows needs besides the plan. */
interface RowWriting {
  /** The current transaction: an import in parts moves on to a new one as it goes. */
  tx: () => Transaction;
  rules: ModelRules;
  /** What the graph held of the plan's records before this write. */
  existing: ResolvedPlan["existing"];
  progress: WriteProgress;
  citations: CitationMode;
  /** The id that tags what an import in parts creates; null for a plan written in one transaction. */
  run: string | null;
  /**
   * The tallies of the plan's entities, on a first import into an empty graph in one transaction (see
   * first-load-tallies.ts): set with the nodes, so no recount runs after the facts.
   */
  tallies?: TallyOf;
}

/**
 * Writes the plan's sources, entities and facts. Checks the facts' references to the graph after the
 * entities are written, inside the transaction: a file may refer to entities an earlier import wrote, and a
 * bad reference rolls back everything written before it.
 */
async function writeRows(
  writing: RowWriting,
  plan: ImportPlan,
  resolved: ResolvedPlan,
): Promise<Pick<ImportSummary, "nodes" | "facts">> {
  const nodes = await writeNodes(writing, plan, resolved);
  if (plan.publishers.length > 0) {
    await writing.tx().run(importerStatements["write-publishers"], { rows: plan.publishers });
  }
  await checkExternalReferences(writing.tx(), plan, writing.rules);
  const facts = await writeFacts(writing, plan, resolved);
  // An import in parts recounts once its last part is in (finishRun): its parts are committed one by one.
  if (writing.run === null && !writing.tallies) await refreshTallies(writing.tx(), touchedByPlan(resolved));
  return { nodes, facts };
}

/** The parameters every node and fact statement shares: the run's sources and the run's tag. */
function statementParams({ run }: RowWriting, plan: ImportPlan) {
  return { runSources: plan.sources.map((source) => source.id), run };
}

/**
 * Writes the plan's sources and its entities of every type, one statement per kind of write (new or changed)
 * whatever the type: each row carries its type, which the statement sets as its label.
 */
async function writeNodes(
  writing: RowWriting,
  plan: ImportPlan,
  resolved: ResolvedPlan,
): Promise<ImportSummary["nodes"]> {
  const { tx, rules, existing, progress, citations, tallies } = writing;
  const params = statementParams(writing, plan);
  const update = importerStatements[citations === "add" ? "update-nodes-adding-citations" : "update-nodes"];
  const propsOf = (type: string, row: NodeRow) => {
    if (type === "Source") return sourceTypes(row.props);
    const props = toNeo4jTypes(row.props, rules.entityTypes.get(type));
    return tallies ? { ...props, ...tallies(type, row.id, props) } : props;
  };
  const send = (batch: Grouped<NodeRow>[], isNew: boolean) =>
    tx().run(isNew ? importerStatements["create-nodes"] : update, {
      rows: batch.map(({ group: type, row }) => ({ ...row, type, props: propsOf(type, row) })),
      ...params,
    });
  // Sources and entities in the same statements, sources first: Cypher applies each clause to every row
  // before the next (the plan reads the citations' sources after an Eager), so an entity's citation finds a
  // source created by the same statement (and one of an earlier batch is already written in the transaction).
  return writeBatches(
    new Map([["Source", resolved.sources], ...resolved.entities]),
    existing.nodes,
    progress,
    send,
  );
}

/**
 * Writes the plan's facts of every predicate, one statement per kind of write whatever the predicate: each
 * row carries its predicate, the type of its direct relationship. A new fact between two entities this run
 * creates is CREATEd whole, its direct relationship included: there is no relationship between them to find.
 */
async function writeFacts(
  writing: RowWriting,
  plan: ImportPlan,
  resolved: ResolvedPlan,
): Promise<ImportSummary["facts"]> {
  const { tx, rules, existing, progress, citations } = writing;
  const params = statementParams(writing, plan);
  const createdEntities = new Set<string>();
  for (const rows of resolved.entities.values()) {
    for (const row of rows) if (!existing.nodes.has(row.id)) createdEntities.add(row.id);
  }
  const betweenNew = ({ row }: Grouped<FactRow>) =>
    createdEntities.has(row.subject) && createdEntities.has(row.object);
  const update = importerStatements[citations === "add" ? "update-facts-adding-citations" : "update-facts"];
  const send = (batch: Grouped<FactRow>[], statement: string) =>
    tx().run(statement, {
      rows: batch.map(({ group: predicate, row }) => ({
        ...row,
        predicate,
        props: toNeo4jTypes(row.props, undefined),
        relationshipProps: toNeo4jTypes(row.relationshipProps, rules.predicates.get(predicate)?.properties),
      })),
      ...params,
    });
  return writeBatches(resolved.facts, existing.facts, progress, async (batch, isNew) => {
    if (!isNew) return send(batch, update);
    const joiningNew = batch.filter(betweenNew);
    const others = batch.filter((row) => !betweenNew(row));
    if (joiningNew.length > 0)
      await send(joiningNew, importerStatements["create-facts-between-new-entities"]);
    if (others.length > 0) await send(others, importerStatements["create-facts"]);
  });
}

/** How many rows of a plan the graph does not hold yet or holds in another version. */
function countChanges(resolved: ResolvedPlan): { changed: number; updated: number } {
  let changed = 0;
  let updated = 0;
  const count = (rows: NodeRow[], known: Map<string, ExistingRecord>) => {
    for (const row of rows) {
      const held = known.get(row.id);
      if (held && held.hash === row.hash) continue;
      changed += 1;
      if (held) updated += 1;
    }
  };
  count(resolved.sources, resolved.existing.nodes);
  for (const rows of resolved.entities.values()) count(rows, resolved.existing.nodes);
  for (const rows of resolved.facts.values()) count(rows, resolved.existing.facts);
  return { changed, updated };
}

/** Deletes what an import in parts created (its facts with their direct relationships, then its nodes). */
async function discardRun(driver: Driver, database: string, run: string): Promise<void> {
  const session = driver.session({ database, defaultAccessMode: neo4j.session.WRITE });
  try {
    await session.run(importerStatements["discard-run-facts"], { run });
    await session.run(importerStatements["discard-run-entities"], { run });
    await session.run(importerStatements["delete-run-mark"], { run });
  } finally {
    await session.close();
  }
}

/** Removes the tags of a complete import in parts, then its completion mark. */
async function finishRun(driver: Driver, database: string, run: string): Promise<void> {
  await refreshRunTallies(driver, database, run);
  const session = driver.session({ database, defaultAccessMode: neo4j.session.WRITE });
  try {
    await session.run(importerStatements["untag-run-facts"], { run });
    await session.run(importerStatements["untag-run-entities"], { run });
    await session.run(importerStatements["delete-run-mark"], { run });
  } finally {
    await session.close();
  }
}

/**
 * Finishes what an import in parts left behind when its process or server died: a complete run's tags are
 * removed, an incomplete run's records are deleted.
 */
async function recoverInterruptedImports(driver: Driver, database: string): Promise<void> {
  const { records } = await driver.executeQuery(importerStatements["interrupted-runs"], {}, { database });
  for (const record of records) {
    const run = record.get("run") as string;
    if (record.get("complete")) await finishRun(driver, database, run);
    else await discardRun(driver, database, run);
  }
}

/** A row with its group: the type of an entity, the predicate of a fact. */
interface Grouped<Row> {
  group: string;
  row: Row;
}

/**
 * Writes the rows that are new or changed, in batches that mix groups (types or predicates), since a
 * statement serves them all; rows whose digest matches the graph's are counted as unchanged and not sent at
 * all, so a re-run of the same files costs a read, not a write. New rows go through `write(batch, true)`
 * (plain CREATEs: nothing to match, no old citations to replace), changed ones through `write(batch,
 * false)`. `room` says how many rows the current transaction may still take. Returns the counts per group.
 */
async function writeBatches<Row extends NodeRow>(
  groups: ReadonlyMap<string, Row[]>,
  known: Map<string, ExistingRecord>,
  progress: WriteProgress,
  write: (batch: Grouped<Row>[], isNew: boolean) => Promise<unknown>,
): Promise<Record<string, StatusCounts>> {
  const counts: Record<string, StatusCounts> = {};
  const created: Grouped<Row>[] = [];
  const updated: Grouped<Row>[] = [];
  let unchanged = 0;
  for (const [group, rows] of groups) {
    const count: StatusCounts = { created: 0, updated: 0, unchanged: 0 };
    for (const row of rows) {
      const held = known.get(row.id);
      if (!held) {
        created.push({ group, row });
        count.created += 1;
      } else if (held.hash === row.hash) count.unchanged += 1;
      else {
        updated.push({ group, row });
        count.updated += 1;
      }
    }
    unchanged += count.unchanged;
    counts[group] = count;
  }
  await progress.advance(unchanged, false);
  for (const [changed, isNew] of [
    [created, true],
    [updated, false],
  ] as const) {
    for (let start = 0; start < changed.length; ) {
      const batch = changed.slice(start, start + Math.max(1, Math.min(batchSize, progress.room())));
      start += batch.length;
      await write(batch, isNew);
      await progress.advance(batch.length, true);
    }
  }
  return counts;
}

/**
 * The ends of facts that this run does not define must already be in the graph, and the two ends' types must
 * be a pair the predicate joins. One problem per fact, naming its record.
 */
async function checkExternalReferences(
  tx: Transaction | ManagedTransaction,
  plan: ImportPlan,
  rules: ModelRules,
) {
  if (plan.externalFacts.length === 0) return;
  const ids = new Set<string>();
  for (const fact of plan.externalFacts) {
    if (!fact.subject.type) ids.add(fact.subject.id);
    if (!fact.object.type) ids.add(fact.object.id);
  }
  const result = await tx.run(importerStatements["entity-types"], { ids: [...ids] });
  const graphTypes = new Map(
    result.records.map((record) => [record.get("id") as string, record.get("type") as string | null]),
  );
  const problems: string[] = [];
  for (const { origin, predicate, subject, object } of plan.externalFacts) {
    const where = `${origin.file}: ${origin.path}`;
    const subjectType = subject.type ?? graphTypes.get(subject.id) ?? null;
    const objectType = object.type ?? graphTypes.get(object.id) ?? null;
    const missing = [
      ...(subjectType === null ? [["subject", subject.id]] : []),
      ...(objectType === null ? [["object", object.id]] : []),
    ];
    for (const [role, id] of missing) {
      problems.push(`${where}.${role}: ${id} ${plan.wording.notFound}`);
    }
    if (subjectType === null || objectType === null) continue;
    const pairs = rules.predicates.get(predicate)?.pairs ?? new Set<string>();
    if (!pairs.has(pairKey(subjectType, objectType))) {
      const allowed = [...pairs].map((pair) => pair.replace("->", " → ")).join(", ");
      problems.push(
        `${where}: ${predicate} cannot join ${subject.id} (${subjectType}) to ${object.id} (${objectType}); it joins ${allowed}`,
      );
    }
  }
  if (problems.length > 0) throw new ImportError(problems);
}

/** A source's properties with its priority as a Neo4j integer (a JavaScript number would arrive as a float). */
export function sourceTypes(props: Record<string, unknown>): Record<string, unknown> {
  const { priority } = props;
  return typeof priority === "number" ? { ...props, priority: neo4j.int(priority) } : props;
}
