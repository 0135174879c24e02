// The tallies of the ranked questions (events per theme, companies per event, experts per organisation) are
// kept on the nodes by every write, in the write's own transaction, so that the questions read the first rows
// of an index instead of counting the whole graph (graph/tallies/, graph/questions/). A write recounts only
// the entities it touched: those it wrote (a new name or day moves a key) and both ends of the facts it wrote or
// deleted.
import neo4j, { type Driver, type ManagedTransaction, type Transaction } from "neo4j-driver";
import { tallyStatements } from "../model/index.ts";
import type { ExistingRecord, ResolvedPlan } from "./resolve.ts";

/** Entities one recount statement takes when a recount runs in transactions of its own. */
const idsPerTransaction = 10_000;

/**
 * Recounts the tallies of `entityIds` (any ids: only themes, events and organisations have a tally) in the
 * caller's transaction, writing only those that changed.
 *
 * @example
 * await refreshTallies(tx, ["theme:hrdd", "event:cop-q2-session-1"]);
 */
export async function refreshTallies(
  tx: Transaction | ManagedTransaction,
  entityIds: Iterable<string>,
): Promise<void> {
  const ids = [...new Set(entityIds)];
  if (ids.length > 0) await tx.run(tallyStatements.refresh, { ids });
}

/**
 * The entities a written plan touched: the entities it created or changed, and both ends of every fact it
 * created or changed. Rows the graph already held unchanged are left out, so a re-run recounts nothing.
 */
export function touchedByPlan(resolved: ResolvedPlan): string[] {
  const changed = <Row extends { id: string; hash: string }>(
    rows: Row[],
    known: Map<string, ExistingRecord>,
  ) => rows.filter((row) => known.get(row.id)?.hash !== row.hash);
  const touched = new Set<string>();
  for (const rows of resolved.entities.values()) {
    for (const row of changed(rows, resolved.existing.nodes)) touched.add(row.id);
  }
  for (const rows of resolved.facts.values()) {
    for (const row of changed(rows, resolved.existing.facts)) {
      touched.add(row.subject);
      touched.add(row.object);
    }
  }
  return [...touched];
}

/**
 * Recounts, after the last part of an import in parts is in, the tallies of the entities the run `run`
 * touched (found by its tags), in transactions of their own: the parts' transactions are committed already.
 */
export async function refreshRunTallies(driver: Driver, database: string, run: string): Promise<void> {
  const { records } = await driver.executeQuery(tallyStatements["run-ends"], { run }, { database });
  await refreshInTransactions(driver, database, (records[0]?.get("ids") as string[] | undefined) ?? []);
}

/**
 * Recounts the tally of every theme, event and organisation, in transactions of 10,000 entities: what a bulk
 * load (which writes no tallies) runs once after loading, and what a graph written before tallies were kept
 * needs once. Returns how many entities were recounted.
 *
 * @example
 * const recounted = await refreshAllTallies(driver, "neo4j");
 */
export async function refreshAllTallies(driver: Driver, database: string): Promise<number> {
  const { records } = await driver.executeQuery(tallyStatements.counted, {}, { database });
  const ids = (records[0]?.get("ids") as string[] | undefined) ?? [];
  await refreshInTransactions(driver, database, ids);
  return ids.length;
}

/** Recounts every tally when some theme, event or organisation has none yet; returns whether it did. */
export async function refreshMissingTallies(driver: Driver, database: string): Promise<boolean> {
  const { records } = await driver.executeQuery(tallyStatements.missing, {}, { database });
  if (records[0]?.get("missing") !== true) return false;
  await refreshAllTallies(driver, database);
  return true;
}

async function refreshInTransactions(driver: Driver, database: string, ids: string[]): Promise<void> {
  const session = driver.session({ database, defaultAccessMode: neo4j.session.WRITE });
  try {
    for (let start = 0; start < ids.length; start += idsPerTransaction) {
      const chunk = ids.slice(start, start + idsPerTransaction);
      await session.executeWrite((tx) => refreshTallies(tx, chunk));
    }
  } finally {
    await session.close();
  }
}
