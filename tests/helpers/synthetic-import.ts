import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Driver } from "neo4j-driver";
import { type LocalNeo4jSettings, projectRoot } from "../../src/config.ts";
import type { Neo4jConnection } from "../../src/database.ts";
import { bulkImportInto } from "../../src/importer/bulk.ts";
import { importSeedFiles } from "../../src/importer/index.ts";
import { localBulkTarget } from "../../src/neo4j-runtime/bulk-import.ts";
import { freePort } from "./ports.ts";
import { datasetFolder, type GeneratedDataset, generateDataset } from "./synthetic-graph.ts";

/**
 * The benchmark's synthetic graph of `size` entities (made up, and marked so: tests/helpers/synthetic-graph.ts),
 * generated once into bench/data/ (git-ignored) and reused by later runs.
 */
function syntheticDataset(size: number, seed: number): Promise<GeneratedDataset> {
  return generateDataset(size, seed, datasetFolder(path.join(projectRoot, "bench", "data"), size, seed));
}

/**
 * Fills an empty database with the synthetic graph of `size` entities through the Cypher importer, as
 * `npm run seed -- DIR/*.yaml` would.
 *
 * @example
 * await importSyntheticGraph(driver, "neo4j", 10_000);
 */
export async function importSyntheticGraph(
  driver: Driver,
  database: string,
  size: number,
  seed = 42,
): Promise<GeneratedDataset> {
  const dataset = await syntheticDataset(size, seed);
  await importSeedFiles(driver, database, dataset.files);
  return dataset;
}

/** A Neo4j of its own that holds a synthetic graph, loaded by {@link bulkLoadedSyntheticGraph}. */
export interface SyntheticGraphServer {
  connection: Neo4jConnection;
  dataset: GeneratedDataset;
  /** Stops the server and deletes its home. */
  dispose(): Promise<void>;
}

/**
 * A throwaway Neo4j (its own home, free port, random password) holding the synthetic graph of `size`
 * entities, loaded through the project's bulk importer (`npm run seed -- --bulk`: neo4j-admin, then the
 * server started with the model's constraints and indexes): the same graph the Cypher importer writes
 * (tests/importer/bulk.int.test.ts proves it), in a fraction of its CPU at 100k. Call `dispose` in `afterAll`.
 *
 * @example
 * const graph = await bulkLoadedSyntheticGraph(inject("neo4jJars"), 100_000, { heap: "768m" });
 */
export async function bulkLoadedSyntheticGraph(
  jars: string,
  size: number,
  { seed = 42, heap = "512m", pageCache = "128m" }: { seed?: number; heap?: string; pageCache?: string } = {},
): Promise<SyntheticGraphServer> {
  const dataset = await syntheticDataset(size, seed);
  const home = await mkdtemp(path.join(tmpdir(), "btech-graph-synthetic-"));
  const settings: LocalNeo4jSettings = { home, jars, boltPort: await freePort(), heap, pageCache };
  const target = localBulkTarget(settings, { password: randomBytes(12).toString("hex") });
  const dispose = async () => {
    // Killed rather than shut down cleanly: the home is deleted next, so a checkpoint would be thrown away.
    await target.server.stop({ timeoutMs: 0 });
    await rm(home, { recursive: true, force: true });
  };
  try {
    const { connection } = await bulkImportInto(target, dataset.files);
    return { connection, dataset, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
