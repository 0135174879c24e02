import { createHash } from "node:crypto";
import type { Driver } from "neo4j-driver";
import { bundledSeedFiles, importSeedFiles } from "../../src/importer/index.ts";

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
 * Removes what a test wrote through the editing API: the facts citing `source` (or whose id contains
 * `idsContaining`) with their direct relationships, then the nodes whose id contains `idsContaining`, and the
 * source itself. Leaves the seed as it was, so that test files can share the database.
 */
export async function removeTestEdits(
  driver: Driver,
  { source, idsContaining = source }: { source: string; idsContaining?: string },
): Promise<void> {
  await driver.executeQuery(
    `MATCH (f:Fact) WHERE f.id CONTAINS $fragment OR EXISTS { (f)-[:CITED_IN]->(:Source {id: $source}) }
     OPTIONAL MATCH (:Entity {id: f.subjectId})-[r {factId: f.id}]->()
     DELETE r
     DETACH DELETE f`,
    { source, fragment: idsContaining },
  );
  await driver.executeQuery("MATCH (n) WHERE n.id CONTAINS $fragment OR n.id = $source DETACH DELETE n", {
    source,
    fragment: idsContaining,
  });
}
