// The explorer page: the B-Tech graph drawn with Cytoscape.js, fed by the app's API. This module wires the
// views (graph, panel, timeline, matrix) to the page's state, which the URL carries (url-state.ts).
import type { Core } from "cytoscape";
import { exportFormats } from "../../src/export/formats/index.ts";
import type { ExportNode } from "../../src/export/graph.ts";
import { typeColours } from "../../src/export/palette.ts";
import { ApiError } from "./api.ts";
import { loadGraph, loadNeighbourhood, loadScale, neighbourhoodLimit } from "./data.ts";
import { byId, notice } from "./dom.ts";
import { downloadView } from "./download.ts";
import {
  addToGraph,
  centreOn,
  drawGraph,
  drawnWithin,
  fitInto,
  layoutShown,
  showNeighbourhood,
} from "./graph-view.ts";
import { colourByCommunity, sizeBy } from "./look.ts";
import { drawMatrix, matrixKinds } from "./matrix.ts";
import { attachTooltips, freeArea, keepNoticeClear } from "./overlays.ts";
import { closePanel, showEdgePanel, showNodePanel, showPathsPanel, showQuotesPanel } from "./panel.ts";
import { citedSources, drawReader, quoteKey } from "./reader.ts";
import { search } from "./search.ts";
import { showStartingPoints } from "./start.ts";
import {
  emptyGraph,
  events,
  eventYears,
  type Filters,
  type GraphData,
  indexGraph,
  mergeGraph,
  noFilters,
  visibleNodes,
} from "./store.ts";
import { drawTimeline, markShownEvents, showRange } from "./timeline.ts";
import { filtersToUrl, readUrl, type ViewState, writeUrl } from "./url-state.ts";
import { predicateColour, predicatePhrase, predicates, words } from "./words.ts";
import "./style.css";

let cy: Core;
let data: GraphData;
let filters: Filters;
let selected: { node?: string; edge?: string } = {};
let view: ViewState["view"] = "graph";
let matrixAxes = { rows: "expert", cols: "theme" };
let reading = { source: "", quote: "" };
/** The day the graph was loaded as of (`?asOf=`), empty for the whole graph: changing it reloads the page. */
let asOf = "";
/**
 * Search-first mode, for a graph of more entities than EXPLORER_SEARCH_FIRST_NODES: the page never loads the
 * whole graph, only the neighbourhoods one picks (`loadedAround`), and every view works on what is loaded.
 */
let searchFirst = false;
/** Entities in the whole graph (the API's count), whatever is loaded. */
let entityCount = 0;
const loadedAround = new Set<string>();

async function start() {
  showState("Loading the graph…");
  try {
    asOf = readUrl(location.search).asOf;
    const scale = await loadScale();
    entityCount = scale.entities;
    searchFirst = scale.entities > scale.searchFirstAbove;
    data = indexGraph(searchFirst ? { nodes: [], edges: [] } : await loadGraph(asOf));
  } catch (error) {
    showState(
      error instanceof ApiError && error.unreachable
        ? `The API is not answering: ${error.message}. Is \`npm start\` running?`
        : `The graph could not be loaded: ${(error as Error).message}`,
      true,
    );
    return;
  }
  if (data.graph.nodes.length === 0 && !searchFirst) {
    showState("The graph is empty: import the seed with `npm run seed`, then reload.");
    return;
  }
  filters = noFilters(data);
  // Every panel takes its place before the first layout, so that the first fit sees the graph's real box.
  buildControls();
  fillControls();
  redrawTimeline();
  cy = drawGraph(byId("graph"), data.graph, {
    onNode: (id) => selectNode(id, { push: true, centre: false }),
    onEdge: (id) => selectEdge(id, { push: true }),
    onBackground: () => {
      deselect();
      pushUrl();
    },
  });
  attachTooltips(cy, data);
  keepNoticeClear(cy);
  await sizeBy(cy, data, "degree");
  if (searchFirst) enterSearchFirst();
  await applyUrl(readUrl(location.search), true);
  hideState();
  window.addEventListener("popstate", () => {
    const state = readUrl(location.search);
    // Another day is another graph: load it afresh.
    if (state.asOf !== asOf) location.reload();
    else void applyUrl(state, false);
  });
  window.addEventListener("resize", () => cy.resize());
}

/**
 * Puts the page in the state a link describes. `first`: the first paint, which always lays out. In
 * search-first mode it first loads the neighbourhoods the link names (`expand=`, and `node=`'s).
 */
async function applyUrl(state: ViewState, first: boolean) {
  if (searchFirst) {
    const around = [...state.expanded, ...(state.node ? [state.node] : [])];
    await loadAround(around.filter((id) => !loadedAround.has(id)));
    if (state.node) state.expanded = [...new Set([...state.expanded, state.node])];
  }
  const types = new Set(data.graph.nodes.map((node) => node.type));
  filters = {
    types: new Set([...types].filter((type) => !state.hidden.includes(type))),
    theme: data.nodes.has(state.theme) ? state.theme : "",
    year: state.year,
    from: state.from,
    to: state.to,
    expanded: new Set(state.expanded.filter((id) => data.nodes.has(id))),
  };
  syncControls();
  const changed = render();
  if (first || changed) relayout();
  if (state.node && data.nodes.has(state.node)) selectNode(state.node, { push: false });
  else if (state.edge && data.edges.has(state.edge)) selectEdge(state.edge, { push: false });
  else clearSelection();
  matrixAxes = { rows: state.rows, cols: state.cols };
  reading = { source: state.source, quote: state.quote };
  showView(state.view, false);
}

/** The URL of the current view, on the day `day` (the page's own as-of date unless another is given). */
function viewUrl(day = asOf): string {
  return writeUrl({
    view,
    ...(selected.node ? { node: selected.node } : {}),
    ...(selected.edge ? { edge: selected.edge } : {}),
    ...filtersToUrl(filters, allTypes()),
    ...matrixAxes,
    ...reading,
    asOf: day,
  });
}

/** Records the current state in the URL, as a new history entry (Back returns to the previous one). */
function pushUrl() {
  const url = viewUrl();
  if (url !== `${location.pathname}${location.search}` && !(url === location.pathname && !location.search)) {
    history.pushState(null, "", url);
  }
}

function allTypes(): string[] {
  return [...new Set(data.graph.nodes.map((node) => node.type))].sort();
}

/**
 * What the controls list from the loaded graph: the types with their counts, the relationships' legend, the
 * themes and years to filter by. Filled again whenever search-first mode loads more.
 */
function fillControls() {
  byId("types")
    .querySelectorAll("label")
    .forEach((label) => {
      label.remove();
    });
  byId("edge-legend").innerHTML = "";
  const counts = new Map<string, number>();
  for (const node of data.graph.nodes) counts.set(node.type, (counts.get(node.type) ?? 0) + 1);
  for (const type of [...counts.keys()].sort()) {
    const label = document.createElement("label");
    label.className = "check";
    label.innerHTML = `<input type="checkbox" checked value="${type}" /><span class="swatch" style="background:${typeColours[type] ?? typeColours.default}"></span>${words(type.toUpperCase())} <span class="muted">(${counts.get(type)})</span>`;
    label.querySelector("input")?.addEventListener("change", (event) => {
      const input = event.target as HTMLInputElement;
      if (input.checked) filters.types.add(type);
      else filters.types.delete(type);
      filtersChanged();
    });
    byId("types").append(label);
  }

  const present = new Set(data.graph.edges.map((edge) => edge.type));
  for (const predicate of Object.keys(predicates).filter((name) => present.has(name))) {
    byId("edge-legend").insertAdjacentHTML(
      "beforeend",
      `<li data-predicate="${predicate}"><span class="line" style="border-color:${predicateColour(predicate)}"></span>${predicatePhrase(predicate)}</li>`,
    );
  }

  const themeSelect = byId<HTMLSelectElement>("theme-filter");
  themeSelect.length = 1;
  for (const theme of data.graph.nodes.filter((node) => node.type === "Theme").sort(byName)) {
    themeSelect.append(new Option(theme.name, theme.id));
  }
  const yearSelect = byId<HTMLSelectElement>("year-filter");
  yearSelect.length = 1;
  for (const year of [...new Set(events(data).flatMap((event) => eventYears(event)))].sort()) {
    yearSelect.append(new Option(String(year), String(year)));
  }
  if (filters) syncControls();
}

/** The controls' behaviour, wired once. */
function buildControls() {
  const themeSelect = byId<HTMLSelectElement>("theme-filter");
  themeSelect.addEventListener("change", () => {
    filters.theme = themeSelect.value;
    filtersChanged();
  });
  const yearSelect = byId<HTMLSelectElement>("year-filter");
  yearSelect.addEventListener("change", () => {
    filters.year = yearSelect.value;
    filtersChanged();
  });
  for (const [id, end] of [
    ["from-filter", "from"],
    ["to-filter", "to"],
  ] as const) {
    const input = byId<HTMLInputElement>(id);
    input.addEventListener("change", () => {
      filters[end] = input.value;
      showRange(filters.from, filters.to);
      filtersChanged();
    });
  }
  const asOfInput = byId<HTMLInputElement>("as-of");
  asOfInput.value = asOf;
  asOfInput.addEventListener("change", () => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(asOfInput.value) || asOfInput.value === "") changeAsOf(asOfInput.value);
  });
  byId("as-of-clear").addEventListener("click", () => changeAsOf(""));
  byId("show-all").addEventListener("click", () => resetView(searchFirst));
  byId("reset").addEventListener("click", () => resetView(false));
  byId("zoom-in").addEventListener("click", () => zoomBy(1.3));
  byId("zoom-out").addEventListener("click", () => zoomBy(1 / 1.3));
  byId("zoom-fit").addEventListener("click", fitShown);

  const sizeSelect = byId<HTMLSelectElement>("size-by");
  sizeSelect.addEventListener("change", () => void sizeBy(cy, data, sizeSelect.value));
  const communities = byId<HTMLInputElement>("communities");
  communities.addEventListener("change", () => void colourByCommunity(cy, communities.checked));

  const formats = byId<HTMLSelectElement>("download-format");
  for (const [name, format] of Object.entries(exportFormats)) formats.append(new Option(format.title, name));
  formats.append(new Option("PNG image of the view", "png"));
  byId("download").addEventListener("click", () => downloadView(cy, data.graph, formats.value));

  for (const [form, input] of [
    ["search", "search-text"],
    ["start-search", "start-text"],
  ] as const) {
    byId<HTMLFormElement>(form).addEventListener("submit", (event) => {
      event.preventDefault();
      void search(
        byId<HTMLInputElement>(input).value.trim(),
        // In search-first mode every entity can be loaded (a source is not drawn); otherwise all are loaded.
        (hit) => (searchFirst ? hit.type !== "Source" : data.nodes.has(hit.id)),
        byNamePart,
        (id) => {
          showView("graph", false);
          void pick(id);
          toggleControls(false);
        },
        // In search-first mode a pick costs a request: the best hit is loaded only when it is the name asked for.
        (best, text) => !searchFirst || fold(best.name) === fold(text),
      );
    });
  }

  const toggle = byId("toggle-controls");
  toggle.addEventListener("click", () => toggleControls(toggle.getAttribute("aria-expanded") !== "true"));
  for (const button of document.querySelectorAll<HTMLButtonElement>(".views button")) {
    button.addEventListener("click", () =>
      showView(button.dataset.view === "matrix" ? "matrix" : "graph", true),
    );
  }
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    if (byId("toggle-controls").getAttribute("aria-expanded") === "true") toggleControls(false);
    else if (selected.node || selected.edge) {
      deselect();
      pushUrl();
    }
  });
}

/** A name as search compares it: accents and case folded. */
function fold(value: string): string {
  return value
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .trim();
}

/** Names (and aliases) holding the text, accents and case folded: for a part of a word the index misses. */
function byNamePart(text: string) {
  const wanted = fold(text);
  return data.graph.nodes
    .filter((node) =>
      [node.name, ...(Array.isArray(node.properties.aliases) ? node.properties.aliases : [])].some((name) =>
        fold(String(name)).includes(wanted),
      ),
    )
    .slice(0, 20)
    .map((node) => ({ id: node.id, type: node.type, name: node.name }));
}

/** Loads the graph as it stood on another day (empty: the whole graph), keeping the rest of the view. */
function changeAsOf(day: string) {
  if (day === asOf) return;
  location.assign(viewUrl(day));
}

function syncControls() {
  for (const box of document.querySelectorAll<HTMLInputElement>("#types input")) {
    box.checked = filters.types.has(box.value);
  }
  byId<HTMLSelectElement>("theme-filter").value = filters.theme;
  byId<HTMLSelectElement>("year-filter").value = filters.year;
  byId<HTMLInputElement>("from-filter").value = filters.from;
  byId<HTMLInputElement>("to-filter").value = filters.to;
  showRange(filters.from, filters.to);
}

function filtersChanged() {
  render();
  relayout();
  pushUrl();
}

/**
 * No filter and no selection. `keepLoaded`: in search-first mode, keep the neighbourhoods loaded so far
 * (the filters' "Show all that is loaded"); otherwise search-first mode starts again from nothing.
 */
function resetView(keepLoaded: boolean) {
  const expanded = filters.expanded;
  if (searchFirst && !keepLoaded) {
    cy.elements().remove();
    emptyGraph(data);
    loadedAround.clear();
    fillControls();
    redrawTimeline();
  }
  filters = noFilters(data);
  if (searchFirst && keepLoaded) filters.expanded = expanded;
  syncControls();
  clearSelection();
  render();
  relayout();
  byId("start").hidden = !searchFirst || data.graph.nodes.length > 0;
  pushUrl();
}

/** Draws the timeline of the loaded events (all of them, or in search-first mode those loaded so far). */
function redrawTimeline() {
  drawTimeline(
    data,
    (id) => selectNode(id, { push: true }),
    (from, to) => {
      filters.from = from;
      filters.to = to;
      syncControls();
      filtersChanged();
    },
  );
}

/**
 * Search-first mode: an empty graph with a search box and the best-connected entities to start from;
 * the analytics that run over the whole graph (PageRank, betweenness, communities) are left out.
 */
function enterSearchFirst() {
  document.body.dataset.mode = "search-first";
  byId("start").hidden = false;
  byId("start-size").textContent =
    `This graph holds ${entityCount.toLocaleString("en")} entities: too many to draw at once. Find one, or start from one of those with most links; each pick loads its neighbourhood (at most ${neighbourhoodLimit} nodes), and “Expand neighbourhood” in its panel loads more.`;
  byId("show-all").textContent = "Show all that is loaded";
  byId("timeline-title").insertAdjacentHTML(
    "beforeend",
    ` <span class="muted small">· the events loaded so far, not the whole graph's</span>`,
  );
  byId("reset").title = "Start again from the search";
  for (const option of byId<HTMLSelectElement>("size-by").options) {
    if (option.value !== "degree") {
      option.disabled = true;
      option.textContent += ": whole graph, not in search-first mode";
    }
  }
  byId<HTMLInputElement>("communities").disabled = true;
  void showStartingPoints(byId("start-points"), (id) => void pick(id));
}

/**
 * Loads the neighbourhoods of `ids` (search-first mode), adds them to the graph and lays out what is
 * shown. Says when a neighbourhood was cut at the limit, or when an id names no entity.
 */
async function loadAround(ids: string[]) {
  if (ids.length === 0) return;
  notice(`Loading the neighbourhood of ${ids.length === 1 ? "it" : `${ids.length} entities`}…`);
  let graphs: Awaited<ReturnType<typeof loadNeighbourhood>>[];
  try {
    graphs = await Promise.all(ids.map((id) => loadNeighbourhood(id, asOf)));
  } catch (error) {
    notice(`The neighbourhood could not be loaded: ${(error as Error).message}`, "warning");
    return;
  }
  const cut: string[] = [];
  const missing: string[] = [];
  // A type met for the first time is shown (the filters hide only the types one unticked).
  const knownTypes = new Set(data.graph.nodes.map((node) => node.type));
  graphs.forEach((graph, index) => {
    const id = ids[index] ?? "";
    if (!graph.nodes.some((node) => node.id === id)) {
      missing.push(id);
      return;
    }
    addToGraph(cy, mergeGraph(data, graph), new Set([id]));
    loadedAround.add(id);
    filters?.expanded.add(id);
    if (graph.nodes.length >= neighbourhoodLimit) cut.push(data.nodes.get(id)?.name ?? id);
  });
  for (const node of data.graph.nodes) if (!knownTypes.has(node.type)) filters?.types.add(node.type);
  byId("start").hidden = data.graph.nodes.length > 0;
  fillControls();
  redrawTimeline();
  await sizeBy(cy, data, "degree");
  if (filters) {
    render();
    relayout();
  }
  if (missing.length > 0) notice(`No entity has the id ${missing.join(", ")}.`, "warning");
  else if (cut.length > 0) {
    notice(
      `${cut.join(", ")}: ${neighbourhoodLimit} nodes of ${cut.length === 1 ? "its" : "their"} neighbourhood are drawn, and it has more (pick a neighbour and expand it to go further).`,
    );
  } else notice(`${data.graph.nodes.length} nodes loaded of ${entityCount.toLocaleString("en")}.`);
}

/** Picks an entity (a search hit, a starting point): in search-first mode, loads its neighbourhood first. */
async function pick(id: string) {
  if (searchFirst && !loadedAround.has(id)) await loadAround([id]);
  selectNode(id, { push: true });
}

function zoomBy(factor: number) {
  const area = freeArea();
  cy.zoom({
    level: Math.min(cy.maxZoom(), Math.max(cy.minZoom(), cy.zoom() * factor)),
    renderedPosition: { x: (area.left + area.right) / 2, y: (area.top + area.bottom) / 2 },
  });
}

/** Shows exactly the nodes the filters let through; true when that changed what is shown. */
function render(): boolean {
  const { shown, hiddenInNeighbourhood } = visibleNodes(data, filters);
  let changed = false;
  cy.batch(() => {
    cy.nodes().forEach((node) => {
      const hide = !shown.has(node.id());
      if (hide !== node.hasClass("hidden")) changed = true;
      node.toggleClass("hidden", hide);
    });
    cy.edges().forEach((edge) => {
      edge.toggleClass("hidden", !(shown.has(edge.data("source")) && shown.has(edge.data("target"))));
    });
  });
  const links = cy.edges().not(".hidden").length;
  const counts = byId("counts");
  counts.textContent = searchFirst
    ? `${shown.size} of ${data.graph.nodes.length} loaded nodes (the graph has ${entityCount.toLocaleString("en")}) · ${links} links${asOf ? ` · as of ${asOf}` : ""}`
    : `${shown.size} of ${data.graph.nodes.length} nodes · ${links} of ${data.graph.edges.length} links${asOf ? ` · as of ${asOf}` : ""}`;
  counts.dataset.nodes = String(shown.size);
  counts.dataset.asOf = asOf;
  markShownEvents(shown);
  if (hiddenInNeighbourhood > 0) {
    notice(
      `${hiddenInNeighbourhood} neighbours are hidden by the filters (types, theme or year).`,
      "warning",
    );
  } else if (shown.size === 0 && data.graph.nodes.length > 0) {
    notice("The filters hide every node: “Reset” shows the whole graph.", "warning");
  }
  if (selected.node && !shown.has(selected.node)) clearSelection();
  if (selected.edge && cy.getElementById(selected.edge).hasClass("hidden")) clearSelection();
  return changed;
}

function relayout() {
  cy.resize();
  layoutShown(cy, freeArea());
}

/** Shows what the filters hide: these types, no theme or date filter, and `around`'s neighbourhood expanded. */
function reveal(types: string[], around: string) {
  for (const type of types) filters.types.add(type);
  filters.theme = "";
  filters.year = "";
  filters.from = "";
  filters.to = "";
  filters.expanded.add(around);
  syncControls();
  render();
  relayout();
}

/** Selects a node: highlights it and its links, brings it and its neighbours into view, and opens its panel. */
function selectNode(id: string, options: { push: boolean; centre?: boolean }) {
  const node = cy.getElementById(id);
  if (node.empty()) return;
  if (node.hasClass("hidden")) {
    // Picked outside the current filters (search, timeline, a link): show it with its neighbourhood.
    if (filters.theme || filters.year || filters.from || filters.to) {
      notice("The theme and date filters were cleared to show it.");
    }
    reveal([data.nodes.get(id)?.type ?? ""], id);
  }
  selected = { node: id };
  cy.elements().unselect().removeClass("neighbour");
  node.select();
  node.connectedEdges().addClass("neighbour");
  node.neighborhood("node").addClass("neighbour");
  const entity = data.nodes.get(id);
  const refit = panelWillCover();
  if (entity) showNodePanel(data, entity, panelActions);
  // A pick (search, timeline, panel, link) shows the node with its neighbours; a click leaves the view be,
  // unless the panel it opens covers part of a view that showed everything.
  if (options.centre !== false)
    showNeighbourhood(cy, node.closedNeighborhood("node").not(".hidden"), freeArea());
  else if (refit) fitShown();
  else keepInView(node);
  if (options.push) pushUrl();
}

/** Selects an edge: highlights it and opens its fact's panel with the evidence. */
function selectEdge(id: string, options: { push: boolean }) {
  const edge = cy.getElementById(id);
  const fact = data.edges.get(id);
  if (edge.empty() || !fact) return;
  if (edge.hasClass("hidden")) {
    reveal([data.nodes.get(fact.source)?.type ?? "", data.nodes.get(fact.target)?.type ?? ""], fact.source);
  }
  selected = { edge: id };
  cy.elements().unselect().removeClass("neighbour");
  edge.select();
  edge.connectedNodes().addClass("neighbour");
  const refit = panelWillCover();
  showEdgePanel(data, fact, panelActions);
  if (refit) fitShown();
  else keepInView(edge);
  if (options.push) pushUrl();
}

/** Pans an element into the free area only when the panel now covers it. */
function keepInView(element: ReturnType<Core["getElementById"]>) {
  const area = freeArea();
  const box = element.renderedBoundingBox({});
  if (box.x1 >= area.left && box.x2 <= area.right && box.y1 >= area.top && box.y2 <= area.bottom) return;
  centreOn(cy, element, area);
}

/**
 * Whether the panel, about to open, will cover a view that shows all that is shown (labels included): such
 * a view is fitted again to the part the panel leaves free. A view one zoomed into is left as it is, so that
 * a click does not throw away one's zoom; clicks while the panel is open do not move the view either.
 */
function panelWillCover(): boolean {
  return byId("panel").hidden && showsAll();
}

/** Whether the graph is in view and shows all that is shown, with its drawn labels, in the free area. */
function showsAll(): boolean {
  return view === "graph" && drawnWithin(cy, cy.elements().not(".hidden"), freeArea());
}

function fitShown() {
  fitInto(cy, cy.elements().not(".hidden"), freeArea());
}

/**
 * Ends the selection at the reader's request (Esc, ×, a click on the background): a view that showed
 * everything beside the panel is fitted again to the whole graph's box.
 */
function deselect() {
  const refit = !byId("panel").hidden && showsAll();
  clearSelection();
  if (refit) fitShown();
}

function clearSelection() {
  selected = {};
  cy?.elements().unselect().removeClass("neighbour");
  closePanel();
}

const panelActions = {
  selectNode: (id: string) => {
    showView("graph", false);
    selectNode(id, { push: true });
  },
  selectEdge: (id: string) => {
    showView("graph", false);
    selectEdge(id, { push: true });
  },
  expand: (id: string) => {
    if (searchFirst) {
      if (loadedAround.has(id)) {
        notice(`Its neighbourhood is loaded already (at most ${neighbourhoodLimit} nodes).`);
        return;
      }
      void loadAround([id]).then(() => {
        selectNode(id, { push: false });
        pushUrl();
      });
      return;
    }
    filters.expanded.add(id);
    render();
    relayout();
    selectNode(id, { push: false });
    pushUrl();
  },
  showInDocument: (source: string, quote: string) => {
    reading = { source, quote: quoteKey(quote) };
    showView("source", true);
  },
  close: () => {
    deselect();
    pushUrl();
  },
};

function toggleControls(open: boolean) {
  byId("toggle-controls").setAttribute("aria-expanded", String(open));
  document.body.classList.toggle("controls-open", open);
}

function showView(next: ViewState["view"], push: boolean) {
  view = next;
  for (const button of document.querySelectorAll<HTMLButtonElement>(".views button")) {
    button.setAttribute("aria-pressed", String(button.dataset.view === next));
  }
  byId("matrix").hidden = next !== "matrix";
  byId("reader").hidden = next !== "source";
  byId("stage").hidden = next !== "graph";
  document.body.dataset.view = next;
  if (next === "graph") cy.resize();
  if (next === "matrix") {
    if (!matrixKinds[matrixKind()]) matrixAxes = { rows: "expert", cols: "theme" };
    drawMatrix(
      data,
      matrixKind(),
      (row, col, paths) => {
        clearSelection();
        showPathsPanel(data, row, col, paths, panelActions);
      },
      (kind) => {
        const [rows = "expert", cols = "theme"] = kind.split("/");
        matrixAxes = { rows, cols };
        clearSelection();
        showView("matrix", true);
      },
    );
    if (byId("panel").dataset.cell) clearSelection();
    if (searchFirst) {
      byId("matrix")
        .querySelector(".matrix-head")
        ?.insertAdjacentHTML(
          "beforeend",
          `<p class="notice-inline">Search-first mode: the matrix counts the paths among the ${data.graph.nodes.length} loaded nodes, not the whole graph of ${entityCount.toLocaleString("en")}; pick and expand more to widen it.</p>`,
        );
    }
  }
  if (next === "source") {
    if (!reading.source) reading = { source: citedSources(data)[0]?.id ?? "", quote: "" };
    if (byId("panel").dataset.cell || byId("panel").dataset.quote) clearSelection();
    void drawReader(data, reading.source, reading.quote, (quotes) => {
      clearSelection();
      reading = { ...reading, quote: quotes[0]?.key ?? "" };
      showQuotesPanel(data, quotes, panelActions);
      pushUrl();
    });
  }
  if (push) pushUrl();
}

function matrixKind(): string {
  return `${matrixAxes.rows}/${matrixAxes.cols}`;
}

function showState(message: string, retry = false) {
  const box = byId("state");
  box.hidden = false;
  box.className = retry ? "state error" : "state";
  box.textContent = message;
  if (retry) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Retry";
    button.addEventListener("click", () => void start());
    box.append(" ", button);
  }
  document.body.dataset.state = retry ? "error" : message.startsWith("Loading") ? "loading" : "empty";
}

function hideState() {
  byId("state").hidden = true;
  document.body.dataset.state = "ready";
}

function byName(a: ExportNode, b: ExportNode) {
  return a.name.localeCompare(b.name);
}

// A read-only handle for the end-to-end tests and for poking at the graph from the browser console.
Object.assign(window, {
  explorer: {
    get cy() {
      return cy;
    },
    get selected() {
      return selected.node;
    },
    get asOf() {
      return asOf;
    },
    get selectedEdge() {
      return selected.edge;
    },
    get searchFirst() {
      return searchFirst;
    },
    freeArea: () => freeArea(),
  },
});

void start();
