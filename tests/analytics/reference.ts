// Independent reference implementations for the analytics tests: the test reads the graph with Cypher of
// its own (not the projection code under test), builds a graphology graph, and computes with graphology's
// published algorithms, so that GDS and our projection code are checked against something else entirely.
import { createRequire } from "node:module";
import { UndirectedGraph } from "graphology";
import type { AbstractGraph } from "graphology-types";
import type { Driver } from "neo4j-driver";

// graphology's algorithm packages are CommonJS whose typings declare an ES default export; under NodeNext
// TypeScript types them one `default` too deep, so they are required and typed explicitly.
const require = createRequire(import.meta.url);
type Default<M> = M extends { default: { default: infer F } }
  ? F
  : M extends { default: infer F }
    ? F
    : never;
export const pagerank = require("graphology-metrics/centrality/pagerank") as Default<
  typeof import("graphology-metrics/centrality/pagerank.js")
>;
export const betweennessCentrality = require("graphology-metrics/centrality/betweenness") as Default<
  typeof import("graphology-metrics/centrality/betweenness.js")
>;
export const modularity = require("graphology-metrics/graph/modularity") as Default<
  typeof import("graphology-metrics/graph/modularity.js")
>;
export const louvain = require("graphology-communities-louvain") as Default<
  typeof import("graphology-communities-louvain")
>;
export const { bidirectional } =
  require("graphology-shortest-path/unweighted") as typeof import("graphology-shortest-path/unweighted.js");

export type { AbstractGraph };

/** The relationship types that carry provenance, not facts: never part of an analytics projection. */
const provenance = ["CITED_IN", "SUBJECT", "OBJECT", "PUBLISHED"];

/**
 * The whole entity graph (every node but sources and facts, every fact relationship) as an undirected simple
 * graph; parallel relationships between two nodes become one edge whose `weight` counts them.
 */
export async function entityGraph(driver: Driver, nodeLabels?: string[], relationshipTypes?: string[]) {
  const { records: nodes } = await driver.executeQuery(
    `MATCH (n:Entity) WHERE NOT n:Source AND ($labels IS NULL OR any(l IN labels(n) WHERE l IN $labels))
     RETURN n.id AS id`,
    { labels: nodeLabels ?? null },
  );
  const { records: edges } = await driver.executeQuery(
    `MATCH (a:Entity)-[r]->(b:Entity)
     WHERE NOT a:Source AND NOT b:Source AND NOT type(r) IN $provenance
       AND ($types IS NULL OR type(r) IN $types)
       AND ($labels IS NULL OR (any(l IN labels(a) WHERE l IN $labels) AND any(l IN labels(b) WHERE l IN $labels)))
     RETURN a.id AS a, b.id AS b`,
    { provenance, types: relationshipTypes ?? null, labels: nodeLabels ?? null },
  );
  const graph: AbstractGraph = new UndirectedGraph({ allowSelfLoops: true });
  for (const record of nodes) graph.addNode(record.get("id"));
  for (const record of edges) {
    graph.updateUndirectedEdge(record.get("a"), record.get("b"), (attributes: { weight?: number }) => ({
      weight: ((attributes.weight as number | undefined) ?? 0) + 1,
    }));
  }
  return graph;
}

/** Directed out-neighbour sets of the entity graph (for Jaccard on a NATURAL projection). */
export async function outNeighbours(driver: Driver): Promise<Map<string, Set<string>>> {
  const { records } = await driver.executeQuery(
    `MATCH (a:Entity)-[r]->(b:Entity)
     WHERE NOT a:Source AND NOT b:Source AND NOT type(r) IN $provenance
     RETURN a.id AS a, collect(DISTINCT b.id) AS out`,
    { provenance },
  );
  return new Map(
    records.map((record) => [record.get("a") as string, new Set(record.get("out") as string[])]),
  );
}

/** Company → themes of the events it (or a representative of it) took part in, with event counts. */
export async function companyThemes(driver: Driver): Promise<Map<string, Map<string, Set<string>>>> {
  const { records } = await driver.executeQuery(
    `MATCH (c:Company)
     OPTIONAL MATCH (c)-[:PARTICIPATED_IN]->(e1:Event)
     OPTIONAL MATCH (c)<-[:REPRESENTS]-(:Representative)-[:PARTICIPATED_IN]->(e2:Event)
     WITH c, collect(e1) + collect(e2) AS events
     UNWIND (CASE WHEN size(events) = 0 THEN [null] ELSE events END) AS e
     OPTIONAL MATCH (e)-[:HAS_THEME]->(t:Theme)
     RETURN c.id AS company, t.id AS theme, collect(DISTINCT e.id) AS events`,
  );
  const result = new Map<string, Map<string, Set<string>>>();
  for (const record of records) {
    const company = record.get("company") as string;
    const themes = result.get(company) ?? new Map<string, Set<string>>();
    result.set(company, themes);
    const theme = record.get("theme") as string | null;
    if (theme) themes.set(theme, new Set(record.get("events") as string[]));
  }
  return result;
}

/** Jaccard similarity of two sets. */
export function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const item of a) if (b.has(item)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** Connected components by breadth-first search, each as a sorted list of ids, largest first. */
export function components(graph: AbstractGraph): string[][] {
  const seen = new Set<string>();
  const result: string[][] = [];
  graph.forEachNode((start: string) => {
    if (seen.has(start)) return;
    const queue = [start];
    const members: string[] = [];
    seen.add(start);
    while (queue.length > 0) {
      const node = queue.shift() as string;
      members.push(node);
      for (const next of graph.neighbors(node)) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    result.push(members.sort());
  });
  return result.sort((a, b) => b.length - a.length || (a[0] ?? "").localeCompare(b[0] ?? ""));
}

/** A small deterministic random number generator, so the reference Louvain run is reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
