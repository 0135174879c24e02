import path from "node:path";
import type { Driver } from "neo4j-driver";
import { projectRoot } from "../../src/config.ts";
import { importSeedFiles } from "../../src/importer/index.ts";
import { datasetFolder, type GeneratedDataset, generateDataset } from "./synthetic-graph.ts";

/**
 * Fills an empty database with the benchmark's synthetic graph of `size` entities (made up, and marked so:
 * tests/helpers/synthetic-graph.ts), generated once into bench/data/ (git-ignored) and reused by later runs.
 * Written through the Cypher importer, as `npm run seed -- DIR/*.yaml` would.
 *
 * @example
 * await importSyntheticGraph(driver, "neo4j", 100_000);
 */
export async function importSyntheticGraph(
  driver: Driver,
  database: string,
  size: number,
  seed = 42,
): Promise<GeneratedDataset> {
  const dataset = await generateDataset(
    size,
    seed,
    datasetFolder(path.join(projectRoot, "bench", "data"), size, seed),
  );
  await importSeedFiles(driver, database, dataset.files);
  return dataset;
}
