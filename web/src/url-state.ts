import type { Filters } from "./store.ts";

/** Everything a link keeps: the view, the selection, the filters. */
export interface ViewState {
  view: "graph" | "matrix" | "source";
  node?: string;
  edge?: string;
  /** Types switched off in the legend. */
  hidden: string[];
  theme: string;
  year: string;
  from: string;
  to: string;
  expanded: string[];
  /** The day the graph is loaded as of (`YYYY-MM-DD`), empty for the whole graph. */
  asOf: string;
  /** The matrix's rows and columns, e.g. `expert` × `theme`. */
  rows: string;
  cols: string;
  /** The reader's source, and the key of the quote it opens at (reader.ts `quoteKey`). */
  source: string;
  quote: string;
}

/**
 * Reads the view from a query string (`?node=…&theme=…&hide=Practice,Theme`, `?view=matrix&rows=expert&cols=theme`,
 * `?view=source&source=…&quote=…`).
 */
export function readUrl(search: string): ViewState {
  const params = new URLSearchParams(search);
  const list = (name: string) => (params.get(name) ?? "").split(",").filter(Boolean);
  return {
    view: params.get("view") === "matrix" ? "matrix" : params.get("view") === "source" ? "source" : "graph",
    ...(params.get("node") ? { node: params.get("node") ?? "" } : {}),
    ...(params.get("edge") ? { edge: params.get("edge") ?? "" } : {}),
    hidden: list("hide"),
    theme: params.get("theme") ?? "",
    year: params.get("year") ?? "",
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
    expanded: list("expand"),
    asOf: params.get("asOf") ?? "",
    rows: params.get("rows") ?? "expert",
    cols: params.get("cols") ?? "theme",
    source: params.get("source") ?? "",
    quote: params.get("quote") ?? "",
  };
}

/** The query string of a view, with only what differs from the default view. */
export function writeUrl(state: ViewState): string {
  const params = new URLSearchParams();
  if (state.view !== "graph") params.set("view", state.view);
  if (state.view === "matrix") {
    params.set("rows", state.rows);
    params.set("cols", state.cols);
  }
  if (state.view === "source") {
    params.set("source", state.source);
    if (state.quote) params.set("quote", state.quote);
  }
  if (state.node) params.set("node", state.node);
  if (state.edge) params.set("edge", state.edge);
  if (state.hidden.length) params.set("hide", [...state.hidden].sort().join(","));
  if (state.theme) params.set("theme", state.theme);
  if (state.year) params.set("year", state.year);
  if (state.from) params.set("from", state.from);
  if (state.to) params.set("to", state.to);
  if (state.expanded.length) params.set("expand", state.expanded.join(","));
  if (state.asOf) params.set("asOf", state.asOf);
  const text = params.toString();
  return text ? `?${text}` : location.pathname;
}

/** The filters part of a view state, from the page's filters. */
export function filtersToUrl(
  filters: Filters,
  allTypes: string[],
): Pick<ViewState, "hidden" | "theme" | "year" | "from" | "to" | "expanded"> {
  return {
    hidden: allTypes.filter((type) => !filters.types.has(type)),
    theme: filters.theme,
    year: filters.year,
    from: filters.from,
    to: filters.to,
    expanded: [...filters.expanded],
  };
}
