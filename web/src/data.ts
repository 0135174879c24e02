import type { Citation, ExportEdge, ExportGraph, ExportNode, PropertyValue } from "../../src/export/graph.ts";
import { sortGraph } from "../../src/export/graph.ts";
import { ApiError } from "./api.ts";

/** Fields of an exported node or edge record that are not its properties (src/export/formats/json.ts). */
const nodeFields = new Set(["id", "type", "name", "evidence"]);
const edgeFields = new Set(["id", "source", "target", "type", "basis", "evidence"]);

type ExportedRecord = Record<string, unknown> & { id: string; evidence: Citation[] };

/**
 * Loads the graph in one request: the app's Cytoscape.js export (`/export/cytoscape`), which the server
 * writes from Neo4j with the loader every export uses, evidence included, bounded by GRAPHQL_TIMEOUT_MS.
 * The same route takes a selection (`?node=…&depth=…`), which is how a page for a big graph would load
 * neighbourhoods on demand. `asOf` (`YYYY-MM-DD`) loads the graph as it stood that day (`?asOf=`: the facts that
 * held that day, the events begun by then; docs/explorer.md).
 */
export async function loadGraph(asOf = ""): Promise<ExportGraph> {
  const url = asOf ? `/export/cytoscape?${new URLSearchParams({ asOf })}` : "/export/cytoscape";
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: "application/json" } });
  } catch (error) {
    throw new ApiError(`the app at /export/cytoscape cannot be reached (${(error as Error).message})`, true);
  }
  let body: {
    elements?: { nodes: { data: ExportedRecord }[]; edges: { data: ExportedRecord }[] };
    error?: string;
  };
  try {
    body = await response.json();
  } catch {
    throw new ApiError(
      `the app answered ${response.status} without JSON at /export/cytoscape`,
      response.status >= 500,
    );
  }
  if (!response.ok || !body.elements) {
    throw new ApiError(
      `the graph export failed: ${body.error ?? `HTTP ${response.status}`}`,
      response.status >= 502,
    );
  }
  return sortGraph({
    nodes: body.elements.nodes.map(({ data }) => toNode(data)),
    edges: body.elements.edges.map(({ data }) => toEdge(data)),
  });
}

function toNode(record: ExportedRecord): ExportNode {
  return {
    id: record.id,
    type: String(record.type),
    name: String(record.name),
    properties: propertiesOf(record, nodeFields),
    evidence: record.evidence,
  };
}

function toEdge(record: ExportedRecord): ExportEdge {
  return {
    id: record.id,
    source: String(record.source),
    target: String(record.target),
    type: String(record.type),
    basis: record.basis === "INFERRED" ? "INFERRED" : "STATED",
    properties: propertiesOf(record, edgeFields),
    evidence: record.evidence,
  };
}

function propertiesOf(record: ExportedRecord, fields: Set<string>): Record<string, PropertyValue> {
  return Object.fromEntries(
    Object.entries(record).filter(
      ([key, value]) => !fields.has(key) && value !== null && value !== undefined,
    ),
  ) as Record<string, PropertyValue>;
}
