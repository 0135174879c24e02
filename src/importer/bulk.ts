// First loads of big file sets through Neo4j's own bulk importer: the importer's validation and rows, written as
// CSV files that `neo4j-admin database import full` turns into a store; then the server is started and gets the
// model's constraints and indexes. The importer knows the files; the target (src/bulk-target.ts; the local
// runtime's `localBulkTarget`, src/neo4j-runtime/bulk-import.ts) knows neo4j-admin and the server.
import { mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { BulkTarget } from "../bulk-target.ts";
import { createDriver, type Neo4jConnection } from "../database.ts";
import { deriveModelRules } from "../model/index.ts";
import { writeImportCsv } from "./bulk-csv.ts";
import { planImport } from "./plan.ts";
import { applyConstraints, type ImportSummary } from "./write.ts";

/** What {@link bulkImportInto} may be told besides the target and the files. */
export interface BulkImportOptions {
  /** Progress lines for a person watching, one per step. */
  log?: (line: string) => void;
  /** Called once validation passed, before anything is written. */
  onValidated?: (counts: { entities: number; facts: number }) => void;
}

/** A finished bulk load: what it wrote, the seconds of each step, and the connection to the started server. */
export interface BulkImportResult {
  summary: ImportSummary;
  timings: { validate: number; csv: number; admin: number; start: number; constraints: number };
  connection: Neo4jConnection;
}

/**
 * Loads seed files into an EMPTY database through `neo4j-admin database import full`, then starts its server
 * (left running) and applies graph/constraints.cypher, so that the graph is the one `importSeedFiles` writes
 * into an empty database. The files are validated first with the Cypher path's errors (`ImportError`: file,
 * record, field), before anything is written. The caller checks that the database is empty (see
 * `npm run seed`); if any step after validation fails, the database is empty again.
 *
 * @example
 * const target = localBulkTarget(settings, { password });
 * const { summary, connection } = await bulkImportInto(target, dataset.files);
 * try { … createDriver(connection) … } finally { await target.stop(); }
 */
export async function bulkImportInto(
  target: BulkTarget,
  files: string[],
  options: BulkImportOptions = {},
): Promise<BulkImportResult> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const since = (from: number) => (performance.now() - from) / 1000;
  await target.assertReady();
  const rules = deriveModelRules();
  log("Bulk import: validating the files…");
  const plan = await planImport(files, rules);
  options.onValidated?.({ entities: plan.entityCount, facts: plan.factCount });
  const validate = since(started);

  const csvStarted = performance.now();
  await mkdir(target.workFolder(), { recursive: true, mode: 0o700 });
  const work = await mkdtemp(path.join(target.workFolder(), "bulk-"));
  let admin = 0;
  try {
    log("Bulk import: writing CSV files for neo4j-admin…");
    const csv = await writeImportCsv(plan, rules, work);
    log(
      `Bulk import: ${csv.counts.nodes} nodes and ${csv.counts.relationships} relationships in ${csv.nodes.length + csv.relationships.length} groups of files; running neo4j-admin database import full into ${target.describe()}…`,
    );
    const adminStarted = performance.now();
    await target.importFull(csv, work);
    admin = since(adminStarted);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const csv = since(csvStarted) - admin;

  let connection: Neo4jConnection | undefined;
  const steps = { start: 0, constraints: 0 };
  try {
    log("Bulk import: starting Neo4j on the new store…");
    const startStarted = performance.now();
    connection = await target.start();
    steps.start = since(startStarted);
    const constraintsStarted = performance.now();
    const driver = createDriver(connection);
    try {
      log("Bulk import: creating constraints and indexes (graph/constraints.cypher)…");
      // The store is new: no schema to look at, and its tallies were written with its nodes.
      await applyConstraints(driver, connection.database, { newStore: true });
    } finally {
      await driver.close();
    }
    steps.constraints = since(constraintsStarted);
  } catch (error) {
    // A graph without its constraints is not one the API may serve: back to the empty database.
    await target.discard();
    const step = connection ? "its constraints could not be created" : "Neo4j did not start on it";
    throw new Error(
      `The bulk import was written, but ${step}: ${(error as Error).message}\nThe imported store was removed: the database is empty again. Fix the cause and run again.`,
    );
  }

  const created = (count: number) => ({ created: count, updated: 0, unchanged: 0 });
  const summary: ImportSummary = {
    nodes: {
      Source: created(plan.sources.length),
      ...Object.fromEntries([...plan.entities].map(([type, rows]) => [type, created(rows.length)])),
    },
    facts: Object.fromEntries([...plan.facts].map(([predicate, rows]) => [predicate, created(rows.length)])),
    withdrawn: { updated: [], deleted: [] },
    seconds: since(started),
  };
  return { summary, timings: { validate, csv, admin, ...steps }, connection };
}

/** Total size of the files, in bytes: what `npm run seed` weighs before choosing the bulk importer. */
export async function totalBytes(files: string[]): Promise<number> {
  // A missing file weighs nothing here: validation names it.
  const sizes = await Promise.all(
    files.map((file) =>
      stat(file).then(
        (found) => found.size,
        () => 0,
      ),
    ),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
}
