import type { QueryResult } from "neo4j-driver";
import { deriveModelRules } from "../model/index.ts";
import type { Citation, ExportEdge, ExportGraph, ExportNode, PropertyValue } from "./graph.ts";
import { sortGraph } from "./graph.ts";

/** Which part of the graph to export. */
export type Selection =
  | { kind: "all" }
  /** A node and everything within `depth` relationships of it (either direction). */
  | { kind: "neighbourhood"; id: string; depth: number }
  /** A theme, its narrower themes, the events and programmes on them, and those events' participants. */
  | { kind: "theme"; id: string }
  /** The events of a year (by day, or by a period that overlaps it) and the entities joined to them. */
  | { kind: "year"; year: number }
  /** Exactly these entities (for example those a GraphQL selection returned). */
  | { kind: "ids"; ids: string[] };

/** The deepest neighbourhood an export expands: the seeded graph is within 4 hops of any node. */
export const maxDepth = 5;

/** Thrown when a selection names something the graph does not hold; the message says what. */
export class SelectionError extends Error {
  override name = "SelectionError";
}

/** The direct relationships (predicates), read off the model: provenance relationships are not among them. */
const rules = deriveModelRules();
export const predicates: string[] = [...rules.predicates.keys()].sort();

// Exports carry the properties the model declares (graph/schema.graphql), the same the GraphQL API serves;
// what the importer keeps for itself on a node (its digest, search text) stays out.
const entityCoreProperties = ["description", "flags", "aliases"];
const nodeProperties = (type: string) =>
  new Set([...entityCoreProperties, ...(rules.entityTypes.get(type)?.keys() ?? [])]);
const edgeProperties = (type: string) => new Set(rules.predicates.get(type)?.properties.keys() ?? []);

/**
 * What runs an export's statements: the app's read runner (src/api/runner.ts), so that each runs in a read
 * transaction under GRAPHQL_TIMEOUT_MS like every other statement the app sends.
 */
export interface StatementRunner {
  run(query: string, parameters?: Record<string, unknown>): Promise<QueryResult>;
}

/** Reads the selected subgraph with its evidence from Neo4j, every statement through `runner`. */
export async function loadGraph(runner: StatementRunner, selection: Selection): Promise<ExportGraph> {
  const ids = await selectIds(runner, selection);
  const nodes = await runner.run(
    `MATCH (n:Entity) WHERE n.id IN $ids AND NOT n:Source
     OPTIONAL MATCH (n)-[c:CITED_IN]->(s:Source)
     WITH n, c, s ORDER BY s.id, c.section, c.quote
     RETURN n.id AS id, [label IN labels(n) WHERE label <> 'Entity'][0] AS type, properties(n) AS properties,
            [x IN collect(CASE WHEN s IS NULL THEN null ELSE {source: s.id, sourceTitle: s.title, section: c.section,
               quote: c.quote, basis: c.basis, reason: c.reason} END) WHERE x IS NOT NULL] AS evidence`,
    { ids },
  );
  const edges = await runner.run(
    `MATCH (a:Entity)-[r]->(b:Entity)
     WHERE a.id IN $ids AND b.id IN $ids AND type(r) IN $predicates
     OPTIONAL MATCH (f:Fact {id: r.factId})
     OPTIONAL MATCH (f)-[c:CITED_IN]->(s:Source)
     WITH a, r, b, f, c, s ORDER BY s.id, c.section, c.quote
     RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS properties, f.flags AS flags,
            [x IN collect(CASE WHEN s IS NULL THEN null ELSE {source: s.id, sourceTitle: s.title, section: c.section,
               quote: c.quote, basis: c.basis, reason: c.reason} END) WHERE x IS NOT NULL] AS evidence`,
    { ids, predicates },
  );
  return sortGraph({
    nodes: nodes.records.map((record): ExportNode => {
      const properties = record.get("properties") as Record<string, unknown>;
      return {
        id: record.get("id"),
        type: record.get("type"),
        name: String(properties.name ?? ""),
        properties: plainProperties(properties, nodeProperties(record.get("type"))),
        evidence: citations(record.get("evidence")),
      };
    }),
    edges: edges.records.map((record): ExportEdge => {
      const properties = record.get("properties") as Record<string, unknown>;
      const type = record.get("type") as string;
      return {
        id: String(
          properties.factId ?? `fact:${type.toLowerCase()}:${record.get("source")}:${record.get("target")}`,
        ),
        source: record.get("source"),
        target: record.get("target"),
        type,
        basis: properties.basis === "INFERRED" ? "INFERRED" : "STATED",
        // A fact's flags (what the source leaves ambiguous about it) live on its Fact node.
        properties: {
          ...plainProperties(properties, edgeProperties(type)),
          ...(record.get("flags")?.length ? { flags: record.get("flags").map(String) } : {}),
        },
        evidence: citations(record.get("evidence")),
      };
    }),
  });
}

async function selectIds(runner: StatementRunner, selection: Selection): Promise<string[]> {
  const entity = "NOT n:Source";
  switch (selection.kind) {
    case "all": {
      const { records } = await runner.run(`MATCH (n:Entity) WHERE ${entity} RETURN n.id AS id`, {});
      return records.map((record) => record.get("id"));
    }
    case "ids":
      return selection.ids;
    case "neighbourhood": {
      await mustExist(runner, selection.id, "Entity", "node");
      if (!Number.isInteger(selection.depth) || selection.depth < 0 || selection.depth > maxDepth) {
        throw new SelectionError(
          `depth must be a whole number from 0 to ${maxDepth}, not ${selection.depth}`,
        );
      }
      const { records } = await runner.run(
        `MATCH (start:Entity {id: $id})
         CALL apoc.path.subgraphNodes(start, {relationshipFilter: $filter, maxLevel: $depth}) YIELD node AS n
         WITH n WHERE ${entity}
         RETURN n.id AS id`,
        { id: selection.id, depth: selection.depth, filter: predicates.join("|") },
      );
      return records.map((record) => record.get("id"));
    }
    case "theme": {
      await mustExist(runner, selection.id, "Theme", "theme");
      const { records } = await runner.run(
        `MATCH (theme:Theme {id: $id})
         MATCH (t:Theme)-[:BROADER*0..]->(theme)
         WITH collect(DISTINCT t) AS themes
         CALL (themes) {
           UNWIND themes AS t
           MATCH (tagged:Entity)-[:HAS_THEME]->(t)
           RETURN collect(DISTINCT tagged) AS tagged
         }
         CALL (tagged) {
           UNWIND tagged AS x
           MATCH (x:Event)-[r]-(n:Entity) WHERE type(r) IN $predicates AND ${entity} AND NOT n:Theme
           RETURN collect(DISTINCT n) AS around
         }
         UNWIND themes + tagged + around AS n
         RETURN DISTINCT n.id AS id`,
        { id: selection.id, predicates },
      );
      return records.map((record) => record.get("id"));
    }
    case "year": {
      if (!Number.isInteger(selection.year))
        throw new SelectionError(`year must be a whole number, not ${selection.year}`);
      const { records } = await runner.run(
        `MATCH (e:Event)
         WHERE (e.date IS NOT NULL AND e.date.year = $year)
            OR (e.date IS NULL AND e.startDate IS NOT NULL AND e.startDate.year <= $year AND coalesce(e.endDate, e.startDate).year >= $year)
            OR (e.date IS NULL AND e.startDate IS NULL AND e.period STARTS WITH toString($year))
         OPTIONAL MATCH (e)-[r]-(n:Entity) WHERE type(r) IN $predicates AND ${entity}
         WITH collect(DISTINCT e) + collect(DISTINCT n) AS all
         UNWIND all AS n
         RETURN DISTINCT n.id AS id`,
        { year: selection.year, predicates },
      );
      return records.map((record) => record.get("id"));
    }
  }
}

async function mustExist(runner: StatementRunner, id: string, label: string, what: string) {
  const { records } = await runner.run(`MATCH (n:${label} {id: $id}) RETURN count(n) > 0 AS found`, { id });
  if (!records[0]?.get("found"))
    throw new SelectionError(`no ${what} with id ${JSON.stringify(id)} in the graph`);
}

/** Neo4j values as plain JSON-able values: temporal types become their ISO text. */
function plainProperties(
  properties: Record<string, unknown>,
  keep: Set<string>,
): Record<string, PropertyValue> {
  const plain: Record<string, PropertyValue> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (!keep.has(key) || value === null || value === undefined) continue;
    if (Array.isArray(value)) plain[key] = value.map(String);
    else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
      plain[key] = value;
    else plain[key] = String(value);
  }
  return plain;
}

function citations(rows: Record<string, unknown>[]): Citation[] {
  return rows.map((row) => ({
    source: String(row.source),
    sourceTitle: String(row.sourceTitle ?? ""),
    section: String(row.section ?? ""),
    quote: String(row.quote ?? ""),
    basis: row.basis === "INFERRED" ? "INFERRED" : "STATED",
    ...(row.reason ? { reason: String(row.reason) } : {}),
  }));
}
