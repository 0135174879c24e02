import type { ExportEdge, ExportGraph, ExportNode } from "../../src/export/graph.ts";

/** The loaded graph with the look-ups every view needs. */
export interface GraphData {
  graph: ExportGraph;
  nodes: Map<string, ExportNode>;
  edges: Map<string, ExportEdge>;
  neighbours: Map<string, Set<string>>;
}

/** What the reader chose to see: the URL carries it (url-state.ts), every view reads it. */
export interface Filters {
  /** Node types shown (the legend's checkboxes). */
  types: Set<string>;
  /** A theme id: the theme, its narrower themes, the events and programmes on them and their participants. */
  theme: string;
  /** A year: the events of that year and the entities joined to them. */
  year: string;
  /** A range of days (`YYYY-MM-DD`, either end may be open): the events overlapping it and their neighbours. */
  from: string;
  to: string;
  /** Non-empty in neighbourhood mode: the expanded nodes; the other filters still apply to their neighbours. */
  expanded: Set<string>;
}

/** Indexes a graph for the page. */
export function indexGraph(graph: ExportGraph): GraphData {
  const neighbours = new Map<string, Set<string>>(graph.nodes.map((node) => [node.id, new Set()]));
  for (const edge of graph.edges) {
    neighbours.get(edge.source)?.add(edge.target);
    neighbours.get(edge.target)?.add(edge.source);
  }
  return {
    graph,
    nodes: new Map(graph.nodes.map((node) => [node.id, node])),
    edges: new Map(graph.edges.map((edge) => [edge.id, edge])),
    neighbours,
  };
}

/**
 * Adds what `graph` holds and `data` does not (search-first mode loads the graph a neighbourhood at a time),
 * keeping the look-ups in step; returns what was new.
 */
export function mergeGraph(data: GraphData, graph: ExportGraph): ExportGraph {
  const added: ExportGraph = {
    nodes: graph.nodes.filter((node) => !data.nodes.has(node.id)),
    edges: graph.edges.filter((edge) => !data.edges.has(edge.id)),
  };
  for (const node of added.nodes) {
    data.graph.nodes.push(node);
    data.nodes.set(node.id, node);
    data.neighbours.set(node.id, new Set());
  }
  for (const edge of added.edges) {
    data.graph.edges.push(edge);
    data.edges.set(edge.id, edge);
    data.neighbours.get(edge.source)?.add(edge.target);
    data.neighbours.get(edge.target)?.add(edge.source);
  }
  return added;
}

/** Forgets every node and edge, keeping the same look-ups (the views hold them). */
export function emptyGraph(data: GraphData) {
  data.graph.nodes.length = 0;
  data.graph.edges.length = 0;
  data.nodes.clear();
  data.edges.clear();
  data.neighbours.clear();
}

/** No filter: every type, no theme, no year, no neighbourhood. */
export function noFilters(data: GraphData): Filters {
  return {
    types: new Set(data.graph.nodes.map((node) => node.type)),
    theme: "",
    year: "",
    from: "",
    to: "",
    expanded: new Set(),
  };
}

/**
 * The nodes the filters let through. Filters compose: a neighbourhood (expanded nodes and their neighbours)
 * is cut by the types, the theme and the year like the whole graph is; `hiddenInNeighbourhood` counts the
 * neighbours they hide, for the page to say so.
 */
export function visibleNodes(
  data: GraphData,
  filters: Filters,
): { shown: Set<string>; hiddenInNeighbourhood: number } {
  const themed = filters.theme ? themeNeighbourhood(data, filters.theme) : undefined;
  const dated = filters.year ? yearNeighbourhood(data, Number(filters.year)) : undefined;
  const ranged = filters.from || filters.to ? rangeNeighbourhood(data, filters.from, filters.to) : undefined;
  const scope = filters.expanded.size > 0 ? neighbourhood(data, filters.expanded) : undefined;
  const shown = new Set<string>();
  let hiddenInNeighbourhood = 0;
  for (const node of data.graph.nodes) {
    if (scope && !scope.has(node.id)) continue;
    const passes =
      filters.types.has(node.type) &&
      (!themed || themed.has(node.id)) &&
      (!dated || dated.has(node.id)) &&
      (!ranged || ranged.has(node.id));
    if (passes) shown.add(node.id);
    else if (scope) hiddenInNeighbourhood++;
  }
  return { shown, hiddenInNeighbourhood };
}

function neighbourhood(data: GraphData, expanded: Set<string>): Set<string> {
  const ids = new Set(expanded);
  for (const id of expanded) for (const next of data.neighbours.get(id) ?? []) ids.add(next);
  return ids;
}

/** A theme, its narrower themes, the events and programmes on them, and those events' participants. */
export function themeNeighbourhood(data: GraphData, themeId: string): Set<string> {
  const themes = new Set([themeId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const edge of data.graph.edges) {
      if (edge.type === "BROADER" && themes.has(edge.target) && !themes.has(edge.source)) {
        themes.add(edge.source);
        grew = true;
      }
    }
  }
  const shown = new Set(themes);
  for (const edge of data.graph.edges) {
    if (edge.type !== "HAS_THEME" || !themes.has(edge.target)) continue;
    shown.add(edge.source);
    if (data.nodes.get(edge.source)?.type !== "Event") continue;
    for (const next of data.neighbours.get(edge.source) ?? []) {
      if (data.nodes.get(next)?.type !== "Theme") shown.add(next);
    }
  }
  return shown;
}

/** The events of a year and the entities joined to them. */
export function yearNeighbourhood(data: GraphData, year: number): Set<string> {
  const shown = new Set<string>();
  for (const event of events(data)) {
    if (!eventYears(event).includes(year)) continue;
    shown.add(event.id);
    for (const next of data.neighbours.get(event.id) ?? []) shown.add(next);
  }
  return shown;
}

/** The events whose day or period overlaps the range of days, and the entities joined to them. */
export function rangeNeighbourhood(data: GraphData, from: string, to: string): Set<string> {
  const shown = new Set<string>();
  for (const event of events(data)) {
    const start = String(event.properties.date ?? event.properties.startDate ?? "");
    const end = String(event.properties.date ?? event.properties.endDate ?? start);
    if (!start || (to && start > to) || (from && end < from)) continue;
    shown.add(event.id);
    for (const next of data.neighbours.get(event.id) ?? []) shown.add(next);
  }
  return shown;
}

/** Every Event node. */
export function events(data: GraphData): ExportNode[] {
  return data.graph.nodes.filter((node) => node.type === "Event");
}

/** The years an event's day or period touches. */
export function eventYears(event: ExportNode): number[] {
  const start = String(event.properties.startDate ?? event.properties.date ?? event.properties.period ?? "");
  const end = String(event.properties.endDate ?? start);
  const first = Number(start.slice(0, 4));
  const last = Number(end.slice(0, 4)) || first;
  if (!first) return [];
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}
