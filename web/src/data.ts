import { print } from "graphql";
import { ExplorerNeighbourhoodDocument } from "../../graph/generated/graphql.ts";
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
  return fetchExport(asOf ? { asOf } : {});
}

/** Nodes drawn around one entity at most (search-first mode); the page says when a neighbourhood is cut. */
export const neighbourhoodLimit = 60;

/**
 * Loads one entity's neighbourhood, at most `neighbourhoodLimit` nodes, with every edge among them and their
 * evidence, in one request: the export of the entities the API's `neighbourhood` question names
 * (`/export/cytoscape?query=…`), as the graph stood on `asOf` when given. For search-first mode, where the
 * graph is too big to load whole.
 */
export async function loadNeighbourhood(id: string, asOf = ""): Promise<ExportGraph> {
  return fetchExport(
    {
      query: print(ExplorerNeighbourhoodDocument),
      variables: JSON.stringify({ id, limit: neighbourhoodLimit }),
      ...(asOf ? { asOf } : {}),
    },
    // A `query=` export is a GraphQL request: the API's CSRF prevention wants this header (docs/explorer.md).
    { "apollo-require-preflight": "true" },
  );
}

/** How big the graph is, and above what size the page starts search-first (EXPLORER_SEARCH_FIRST_NODES). */
export interface GraphScale {
  entities: number;
  searchFirstAbove: number;
}

/**
 * Asks the app how many entities the graph holds and above how many the page starts search-first
 * (`/explorer/settings.json`: Neo4j's count store and EXPLORER_SEARCH_FIRST_NODES).
 */
export async function loadScale(): Promise<GraphScale> {
  let response: Response;
  try {
    response = await fetch("/explorer/settings.json", { headers: { accept: "application/json" } });
  } catch (error) {
    throw new ApiError(
      `the app at /explorer/settings.json cannot be reached (${(error as Error).message})`,
      true,
    );
  }
  const body = (await response.json().catch(() => ({}))) as Partial<GraphScale> & { error?: string };
  if (!response.ok || body.entities === undefined || body.searchFirstAbove === undefined) {
    throw new ApiError(
      `the app could not tell the graph's size: ${body.error ?? `HTTP ${response.status}`}`,
      response.status >= 502,
    );
  }
  return { entities: body.entities, searchFirstAbove: body.searchFirstAbove };
}

async function fetchExport(
  parameters: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<ExportGraph> {
  const search = new URLSearchParams(parameters).toString();
  const url = `/export/cytoscape${search ? `?${search}` : ""}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: "application/json", ...headers } });
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
