// Benchmark (not a test): times PageRank and Louvain, projection included, on generated graphs of 10k, 100k
// and 1M relationships, in a throwaway Neo4j of its own (temp folder, free port, 1 GB heap), through the
// same functions the API and the command line call. Run: node --import tsx bench/analytics.ts [sizes…]
// e.g. `… bench/analytics.ts 10000 100000`. Prints a Markdown table for docs/analytics.md.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import neo4j from "neo4j-driver";
import { louvain, pageRank } from "../src/analytics/algorithms.ts";
import type { AnalyticsTarget } from "../src/analytics/gds.ts";
import { loadConfig } from "../src/config.ts";
import { createDriver } from "../src/database.ts";
import { LocalNeo4j } from "../src/neo4j-runtime/server.ts";
import { freePort } from "../tests/helpers/ports.ts";

/** Average degree of the generated graphs: about that of the seeded graph's busiest part. */
const relationshipsPerNode = 5;
const sizes = process.argv.slice(2).map(Number);
const runs = sizes.length > 0 ? sizes : [10_000, 100_000, 1_000_000];

const local = loadConfig({ ...process.env, NEO4J_URI: undefined }).neo4j;
if (local.mode !== "local") throw new Error("unreachable: without NEO4J_URI the configuration is local");
const home = await mkdtemp(path.join(os.tmpdir(), "btech-graph-bench-analytics-"));
const server = new LocalNeo4j({
  ...local.local,
  home,
  boltPort: await freePort(),
  heap: "1g",
  pageCache: "256m",
});
const log = (line: string) => console.error(line);
// A busy machine can take minutes to start a 1 GB Neo4j; the home is removed even if it never answers.
const connection = await server
  .start({ password: randomBytes(12).toString("hex"), log, timeoutMs: 600_000 })
  .catch(async (error: unknown) => {
    await server.stop();
    await rm(home, { recursive: true, force: true });
    throw error;
  });
const driver = createDriver({ ...connection, database: "neo4j" });
const target: AnalyticsTarget = {
  driver,
  database: "neo4j",
  // The benchmark measures one run at a time on a 1 GB heap: the whole budget analytics may have.
  limits: { maxNodes: 10_000_000, maxRelationships: 10_000_000, timeoutMs: 30 * 60_000, maxHeapPercent: 90 },
};

/** CALL … IN TRANSACTIONS needs an auto-commit transaction, which executeQuery never opens. */
async function autoCommit(query: string, params: Record<string, unknown> = {}): Promise<void> {
  const session = driver.session({ database: "neo4j" });
  try {
    await session.run(query, params);
  } finally {
    await session.close();
  }
}

/**
 * Replaces the graph with `relationships` random links between relationships/5 nodes (companies and events,
 * PARTICIPATED_IN and HAS_THEME-like density), seeded so that every run builds the same graph.
 */
async function generate(relationships: number): Promise<void> {
  await autoCommit("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS");
  const nodes = Math.ceil(relationships / relationshipsPerNode);
  await autoCommit(
    `UNWIND range(0, $nodes - 1) AS i
     CALL (i) {
       FOREACH (_ IN CASE WHEN i % 2 = 0 THEN [1] ELSE [] END |
         CREATE (:Entity:Company {id: 'bench:' + i, name: 'Node ' + i}))
       FOREACH (_ IN CASE WHEN i % 2 = 1 THEN [1] ELSE [] END |
         CREATE (:Entity:Event {id: 'bench:' + i, name: 'Node ' + i}))
     } IN TRANSACTIONS OF 20000 ROWS`,
    { nodes: neo4j.int(nodes) },
  );
  await driver.executeQuery("CREATE INDEX bench_entity_id IF NOT EXISTS FOR (n:Entity) ON (n.id)");
  await driver.executeQuery("CALL db.awaitIndexes(300)");
  // A linear congruential sequence picks both ends, so the graph is random-looking and reproducible.
  await autoCommit(
    `UNWIND range(0, $relationships - 1) AS k
     CALL (k) {
       WITH (k * 2654435761 + 12345) % $nodes AS a, (k * 40503 + 977 + k / $nodes) % $nodes AS b
       MATCH (s:Entity {id: 'bench:' + a}), (t:Entity {id: 'bench:' + b})
       CREATE (s)-[:PARTICIPATED_IN {factId: 'bench'}]->(t)
     } IN TRANSACTIONS OF 20000 ROWS`,
    { relationships: neo4j.int(relationships), nodes: neo4j.int(nodes) },
  );
}

const results: {
  relationships: number;
  nodes: number;
  links: number;
  pageRankMs: number;
  louvainMs: number;
}[] = [];
try {
  for (const relationships of runs) {
    const started = Date.now();
    log(`Generating ${relationships.toLocaleString("en")} relationships…`);
    await generate(relationships);
    log(`  generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const projection = { nodeTypes: ["Company", "Event"], relationshipTypes: ["PARTICIPATED_IN"] };
    const ranked = await pageRank({ ...target, onProgress: log }, projection, { limit: 10 });
    const communities = await louvain({ ...target, onProgress: log }, projection);
    results.push({
      relationships,
      nodes: ranked.projection.nodeCount,
      links: ranked.projection.relationshipCount / 2,
      pageRankMs: ranked.millis,
      louvainMs: communities.millis,
    });
    log(
      `  PageRank ${ranked.millis} ms, Louvain ${communities.millis} ms (${communities.communityCount} communities)`,
    );
  }
} finally {
  await driver.close();
  await server.stop();
  await rm(home, { recursive: true, force: true });
}

const cpus = os.cpus();
console.log(
  `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus.length} × ${cpus[0]?.model.trim() ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Neo4j heap 1 GB, load average ${os.loadavg()[0]?.toFixed(1)} at the end; times are wall-clock per request (count, projection, algorithm, drop).\n`,
);
console.log("| relationships | nodes | undirected links | PageRank | Louvain |");
console.log("| ---: | ---: | ---: | ---: | ---: |");
for (const row of results) {
  console.log(
    `| ${row.relationships.toLocaleString("en")} | ${row.nodes.toLocaleString("en")} | ${row.links.toLocaleString("en")} | ${(row.pageRankMs / 1000).toFixed(2)} s | ${(row.louvainMs / 1000).toFixed(2)} s |`,
  );
}
