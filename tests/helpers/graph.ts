import { createHash } from "node:crypto";
import type { Driver } from "neo4j-driver";
import {
  bundledSeedFiles,
  importSeedFiles,
  refreshAllTallies,
  removeSources,
} from "../../src/importer/index.ts";

/**
 * A digest of the whole graph (every node with its labels and properties, every relationship with its
 * type, ends and properties), to prove that a refused request or import changed nothing at all.
 */
export async function graphChecksum(driver: Driver): Promise<string> {
  const { records } = await driver.executeQuery(`
    MATCH (n)
    WITH n ORDER BY elementId(n)
    OPTIONAL MATCH (n)-[r]->(m)
    WITH n, r, m ORDER BY elementId(r)
    WITH n, collect(CASE WHEN r IS NULL THEN null ELSE [type(r), m.id, properties(r)] END) AS out
    RETURN collect([labels(n), properties(n), out]) AS graph`);
  return createHash("sha256")
    .update(JSON.stringify(records[0]?.get("graph") ?? []))
    .digest("hex");
}

/** Node and relationship counts, for idempotence checks. */
export async function graphCounts(driver: Driver): Promise<{ nodes: number; relationships: number }> {
  const { records } = await driver.executeQuery(
    "MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r) AS relationships",
  );
  return { nodes: records[0]?.get("nodes") ?? 0, relationships: records[0]?.get("relationships") ?? 0 };
}

/** Empties this file's test database (no other file uses it meanwhile: see `sharedNeo4j`). */
export async function clearGraph(driver: Driver): Promise<void> {
  await driver.executeQuery("MATCH (n) DETACH DELETE n");
}

/** Imports the bundled seed (idempotent: a no-op when it is already there). */
export async function ensureSeeded(driver: Driver, database = "neo4j"): Promise<void> {
  await importSeedFiles(driver, database, await bundledSeedFiles());
}

/**
 * Removes what a test wrote through the editing API: the facts whose id contains `idsContaining` with their
 * direct relationships, then `source` as `npm run seed -- --remove` takes it out (its citations and its
 * statements, so that the seed's records are merged again as the seed alone states them), then the nodes
 * whose id contains `idsContaining`. Leaves the seed as it was, so that test files can share the database.
 */
export async function removeTestEdits(
  driver: Driver,
  {
    source,
    idsContaining = source,
    database = "neo4j",
  }: { source: string; idsContaining?: string; database?: string },
): Promise<void> {
  await driver.executeQuery(
    `MATCH (f:Fact) WHERE f.id CONTAINS $fragment
     OPTIONAL MATCH (:Entity {id: f.subjectId})-[r {factId: f.id}]->()
     DELETE r
     DETACH DELETE f`,
    { fragment: idsContaining },
    { database },
  );
  const { records } = await driver.executeQuery(
    "MATCH (s:Source {id: $source}) RETURN count(s) AS found",
    { source },
    { database },
  );
  if (Number(records[0]?.get("found")) > 0) await removeSources(driver, database, [source]);
  await driver.executeQuery(
    `MATCH (f:Fact) WHERE f.subjectId CONTAINS $fragment OR f.objectId CONTAINS $fragment
     OPTIONAL MATCH (:Entity {id: f.subjectId})-[r {factId: f.id}]->()
     DELETE r
     DETACH DELETE f`,
    { fragment: idsContaining },
    { database },
  );
  await driver.executeQuery(
    "MATCH (n) WHERE n.id CONTAINS $fragment OR n.id = $source DETACH DELETE n",
    {
      source,
      fragment: idsContaining,
    },
    { database },
  );
  // The deletes above bypass the importer, which keeps the tallies: recount them as an import would.
  await refreshAllTallies(driver, database);
}
