import type { QueryResult } from "neo4j-driver";
import { deriveModelRules, exportStatements, selectorStatements, withoutSelectors } from "../model/index.ts";
import { noSelectors, type Selectors, selectorParameters, sourceProblem } from "../selectors.ts";
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

/**
 * Reads the selected subgraph with its evidence from Neo4j, every statement through `runner`. The selectors
 * narrow it further: `asOf` keeps the entities whose validity held that day (events begun by then) and the
 * facts that held; `source` keeps the entities and facts that source cites. Values and evidence are the
 * graph's, as merged from every source (graph/export/load-*.cypher, graph/predicates/).
 */
export async function loadGraph(
  runner: StatementRunner,
  selection: Selection,
  selectors: Selectors = noSelectors,
): Promise<ExportGraph> {
  await assertSource(runner, selectors.source);
  const ids = await selectIds(runner, selection);
  const selected = selectorParameters(selectors);
  const selecting = selectors.asOf !== null || selectors.source !== null;
  const statement = (name: "load-nodes" | "load-edges") =>
    selecting ? exportStatements[name] : withoutSelectors(exportStatements[name]);
  const nodes = await runner.run(statement("load-nodes"), { ids, ...selected });
  const edges = await runner.run(statement("load-edges"), { ids, predicates, ...selected });
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

/** Throws {@link SelectionError} unless `source` (when given) is the id of one of the graph's sources. */
async function assertSource(runner: StatementRunner, source: string | null): Promise<void> {
  if (source === null) return;
  const { records } = await runner.run(selectorStatements["source-ids"], {});
  const problem = sourceProblem(
    source,
    records.map((record) => String(record.get("id"))),
  );
  if (problem) throw new SelectionError(`source=${problem}`);
}

async function selectIds(runner: StatementRunner, selection: Selection): Promise<string[]> {
  switch (selection.kind) {
    case "all": {
      const { records } = await runner.run(exportStatements["select-all"], {});
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
      const { records } = await runner.run(exportStatements["select-neighbourhood"], {
        id: selection.id,
        depth: selection.depth,
        filter: predicates.join("|"),
      });
      return records.map((record) => record.get("id"));
    }
    case "theme": {
      await mustExist(runner, selection.id, "Theme", "theme");
      const { records } = await runner.run(exportStatements["select-theme"], {
        id: selection.id,
        predicates,
      });
      return records.map((record) => record.get("id"));
    }
    case "year": {
      if (!Number.isInteger(selection.year))
        throw new SelectionError(`year must be a whole number, not ${selection.year}`);
      const { records } = await runner.run(exportStatements["select-year"], {
        year: selection.year,
        predicates,
      });
      return records.map((record) => record.get("id"));
    }
  }
}

async function mustExist(runner: StatementRunner, id: string, label: string, what: string) {
  const { records } = await runner.run(exportStatements["entity-exists"], { id, label });
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
