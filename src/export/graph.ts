/**
 * The graph as every export format sees it: entities as nodes, the direct relationships as edges, and the
 * evidence of each (source, section, verbatim quote, stated or inferred) carried along. `Fact` and `Source`
 * nodes are not exported as nodes: their content is folded into the edges and nodes they support, so that
 * a tool such as Gephi or Cytoscape shows the ecosystem rather than its bookkeeping.
 *
 * This module is shared by the server (src/export/load.ts fills it from Neo4j) and the explorer page (which
 * fills it from the GraphQL API): keep it free of Node-only imports.
 */

/** A property value as exports write it (Neo4j dates arrive as ISO strings). */
export type PropertyValue = string | number | boolean | string[];

/** One place a source supports an entity or a fact. */
export interface Citation {
  /** The source's id, e.g. `source:btech-cop-2022-year-end-review`. */
  source: string;
  sourceTitle: string;
  section: string;
  quote: string;
  basis: "STATED" | "INFERRED";
  /** Why the statement is inferred; absent for stated ones. */
  reason?: string;
}

export interface ExportNode {
  /** `<type>:<slug>` */
  id: string;
  /** The node type of the model: Company, Event, Theme… */
  type: string;
  name: string;
  /** Every other property of the node (description, flags, dates, kind…), absent ones left out. */
  properties: Record<string, PropertyValue>;
  /** Where the sources mention this entity. */
  evidence: Citation[];
}

export interface ExportEdge {
  /** The id of the fact behind the relationship: `fact:<predicate>:<subject>:<object>`. */
  id: string;
  source: string;
  target: string;
  /** The relationship type: MEMBER_OF, PARTICIPATED_IN… */
  type: string;
  /** STATED if any citation states the fact, else INFERRED. */
  basis: "STATED" | "INFERRED";
  /** The relationship's own properties (`since`, `role`, `status`, `year`). */
  properties: Record<string, PropertyValue>;
  evidence: Citation[];
}

export interface ExportGraph {
  nodes: ExportNode[];
  edges: ExportEdge[];
}

/** A column's type in the formats that declare types (neo4j-admin CSV, GEXF, GraphML). */
export type ColumnType = "string" | "int" | "float" | "boolean" | "date" | "string[]";

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The typed columns that a set of property bags needs, in a stable order. Types are read off the values:
 * a column is `int` when every value is an integer, `date` when every value is an ISO day, and so on.
 */
export function propertyColumns(bags: Record<string, PropertyValue>[]): Map<string, ColumnType> {
  const seen = new Map<string, Set<ColumnType>>();
  for (const bag of bags) {
    for (const [key, value] of Object.entries(bag)) {
      const types = seen.get(key) ?? new Set<ColumnType>();
      types.add(valueType(value));
      seen.set(key, types);
    }
  }
  const columns = new Map<string, ColumnType>();
  for (const key of [...seen.keys()].sort()) {
    const types = seen.get(key) ?? new Set();
    columns.set(key, types.size === 1 ? ([...types][0] ?? "string") : mixed(types));
  }
  return columns;
}

function valueType(value: PropertyValue): ColumnType {
  if (Array.isArray(value)) return "string[]";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  return isoDate.test(value) ? "date" : "string";
}

function mixed(types: Set<ColumnType>): ColumnType {
  if ([...types].every((type) => type === "int" || type === "float")) return "float";
  if (types.has("string[]")) return "string[]";
  return "string";
}

/** Orders nodes and edges by id, so that the same graph always serializes to the same bytes. */
export function sortGraph(graph: ExportGraph): ExportGraph {
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return { nodes: [...graph.nodes].sort(byId), edges: [...graph.edges].sort(byId) };
}
