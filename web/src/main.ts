// The explorer page: the B-Tech graph drawn with Cytoscape.js, fed only by the GraphQL API.
import cytoscape, { type Core, type ElementDefinition, type NodeSingular } from "cytoscape";
import {
  ExplorerBetweennessDocument,
  ExplorerCommunitiesDocument,
  ExplorerPageRankDocument,
  ExplorerSearchDocument,
} from "../../graph/generated/graphql.ts";
import { type ExportFormatName, exportFormats } from "../../src/export/formats/index.ts";
import type { Citation, ExportEdge, ExportGraph, ExportNode } from "../../src/export/graph.ts";
import { typeColours } from "../../src/export/palette.ts";
import { ApiError, request } from "./api.ts";
import { loadGraph } from "./data.ts";
import "./style.css";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const communityColours = [
  "#1b9e77",
  "#d95f02",
  "#7570b3",
  "#e7298a",
  "#66a61e",
  "#e6ab02",
  "#a6761d",
  "#666666",
];

/** What the page knows and shows; every control changes it and calls `render()`. */
interface State {
  graph: ExportGraph;
  nodes: Map<string, ExportNode>;
  neighbours: Map<string, Set<string>>;
  types: Set<string>;
  theme: string;
  year: string;
  /** Non-empty in neighbourhood mode: only these nodes are shown (still subject to the type filter). */
  expanded: Set<string>;
  selected?: string;
}

let cy: Core;
let state: State;

async function start() {
  showState("Loading the graph…");
  let graph: ExportGraph;
  try {
    graph = await loadGraph();
  } catch (error) {
    showState(
      error instanceof ApiError && error.unreachable
        ? `The API is not answering: ${error.message}. Is \`npm start\` running?`
        : `The graph could not be loaded: ${(error as Error).message}`,
      true,
    );
    return;
  }
  if (graph.nodes.length === 0) {
    showState("The graph is empty: import the seed with `npm run seed`, then reload.");
    return;
  }
  const neighbours = new Map<string, Set<string>>(graph.nodes.map((node) => [node.id, new Set()]));
  for (const edge of graph.edges) {
    neighbours.get(edge.source)?.add(edge.target);
    neighbours.get(edge.target)?.add(edge.source);
  }
  state = {
    graph,
    nodes: new Map(graph.nodes.map((node) => [node.id, node])),
    neighbours,
    types: new Set(graph.nodes.map((node) => node.type)),
    theme: "",
    year: "",
    expanded: new Set(),
  };
  draw();
  buildControls();
  render();
  hideState();
}

function draw() {
  const elements: ElementDefinition[] = [
    ...state.graph.nodes.map((node) => ({
      group: "nodes" as const,
      data: {
        id: node.id,
        label: node.name,
        type: node.type,
        colour: typeColours[node.type] ?? typeColours.default,
        size: 1,
      },
    })),
    ...state.graph.edges.map((edge) => ({
      group: "edges" as const,
      data: { id: edge.id, source: edge.source, target: edge.target, type: edge.type, basis: edge.basis },
    })),
  ];
  cy = cytoscape({
    container: $("graph"),
    elements,
    style: [
      {
        selector: "node",
        style: {
          "background-color": "data(colour)",
          width: "mapData(size, 0, 1, 14, 56)",
          height: "mapData(size, 0, 1, 14, 56)",
          label: "data(label)",
          "font-size": 11,
          "font-family": "system-ui, sans-serif",
          color: "#1a1a1a",
          "text-valign": "bottom",
          "text-margin-y": 3,
          "text-wrap": "ellipsis",
          "text-max-width": "140px",
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.75,
          "text-background-padding": "1px",
          "min-zoomed-font-size": 7,
          "border-width": 1,
          "border-color": "#333333",
        },
      },
      {
        selector: "edge",
        style: {
          width: 1.2,
          "line-color": "#9a9a9a",
          "target-arrow-color": "#9a9a9a",
          "target-arrow-shape": "triangle",
          "arrow-scale": 0.7,
          "curve-style": "bezier",
          opacity: 0.7,
        },
      },
      { selector: "edge[basis = 'INFERRED']", style: { "line-style": "dashed" } },
      { selector: ".hidden", style: { display: "none" } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#000000" } },
      { selector: ".neighbour", style: { "border-width": 3, "border-color": "#444444" } },
      { selector: "edge.neighbour", style: { "line-color": "#333333", width: 2.5, opacity: 1 } },
    ],
    layout: { name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true },
  });
  sizeBy("degree");
  cy.on("tap", "node", (event) => select((event.target as NodeSingular).id()));
  cy.on("tap", (event) => {
    if (event.target === cy) clearSelection();
  });
}

function buildControls() {
  // Types: a checkbox per type, with its colour; this is the legend too.
  const types = $("types");
  const counts = new Map<string, number>();
  for (const node of state.graph.nodes) counts.set(node.type, (counts.get(node.type) ?? 0) + 1);
  for (const type of [...counts.keys()].sort()) {
    const label = document.createElement("label");
    label.className = "check";
    label.innerHTML = `<input type="checkbox" checked value="${type}" /><span class="swatch" style="background:${typeColours[type] ?? typeColours.default}"></span>${type} <span class="muted">(${counts.get(type)})</span>`;
    label.querySelector("input")?.addEventListener("change", (event) => {
      const input = event.target as HTMLInputElement;
      if (input.checked) state.types.add(type);
      else state.types.delete(type);
      render();
    });
    types.append(label);
  }

  const themeSelect = $<HTMLSelectElement>("theme-filter");
  for (const theme of state.graph.nodes.filter((node) => node.type === "Theme").sort(byName)) {
    themeSelect.append(new Option(theme.name, theme.id));
  }
  themeSelect.addEventListener("change", () => {
    state.theme = themeSelect.value;
    render();
  });

  const yearSelect = $<HTMLSelectElement>("year-filter");
  for (const year of [...new Set(events().flatMap((event) => eventYears(event)))].sort()) {
    yearSelect.append(new Option(String(year), String(year)));
  }
  yearSelect.addEventListener("change", () => {
    state.year = yearSelect.value;
    render();
  });

  $("show-all").addEventListener("click", () => {
    state.expanded.clear();
    state.theme = "";
    state.year = "";
    themeSelect.value = "";
    yearSelect.value = "";
    render();
    cy.fit(undefined, 30);
  });

  const sizeSelect = $<HTMLSelectElement>("size-by");
  sizeSelect.addEventListener("change", () => void sizeBy(sizeSelect.value));
  const communities = $<HTMLInputElement>("communities");
  communities.addEventListener("change", () => void colourByCommunity(communities.checked));

  const formats = $<HTMLSelectElement>("download-format");
  for (const [name, format] of Object.entries(exportFormats)) formats.append(new Option(format.title, name));
  formats.append(new Option("PNG image of the view", "png"));
  $("download").addEventListener("click", () => download(formats.value));

  $<HTMLFormElement>("search").addEventListener("submit", (event) => {
    event.preventDefault();
    void search($<HTMLInputElement>("search-text").value.trim());
  });

  buildTimeline();
}

/** Shows exactly the nodes that the filters (or the expanded neighbourhood) let through. */
function render() {
  const themed = state.theme ? themeNeighbourhood(state.theme) : undefined;
  const dated = state.year ? yearNeighbourhood(Number(state.year)) : undefined;
  const visible = new Set<string>();
  for (const node of state.graph.nodes) {
    if (!state.types.has(node.type)) continue;
    if (state.expanded.size > 0) {
      if (state.expanded.has(node.id)) visible.add(node.id);
      continue;
    }
    if (themed && !themed.has(node.id)) continue;
    if (dated && !dated.has(node.id)) continue;
    visible.add(node.id);
  }
  cy.batch(() => {
    cy.nodes().forEach((node) => {
      node.toggleClass("hidden", !visible.has(node.id()));
    });
    cy.edges().forEach((edge) => {
      edge.toggleClass("hidden", !(visible.has(edge.data("source")) && visible.has(edge.data("target"))));
    });
  });
  const links = cy.edges().not(".hidden").length;
  $("counts").textContent =
    `Showing ${visible.size} of ${state.graph.nodes.length} nodes and ${links} of ${state.graph.edges.length} links`;
  $("counts").dataset.nodes = String(visible.size);
  if (state.selected && !visible.has(state.selected)) clearSelection();
}

/** A theme, its narrower themes, the events and programmes on them, and those events' participants. */
function themeNeighbourhood(themeId: string): Set<string> {
  const themes = new Set([themeId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const edge of state.graph.edges) {
      if (edge.type === "BROADER" && themes.has(edge.target) && !themes.has(edge.source)) {
        themes.add(edge.source);
        grew = true;
      }
    }
  }
  const shown = new Set(themes);
  for (const edge of state.graph.edges) {
    if (edge.type !== "HAS_THEME" || !themes.has(edge.target)) continue;
    shown.add(edge.source);
    if (state.nodes.get(edge.source)?.type !== "Event") continue;
    for (const next of state.neighbours.get(edge.source) ?? []) {
      if (state.nodes.get(next)?.type !== "Theme") shown.add(next);
    }
  }
  return shown;
}

/** The events of a year and the entities joined to them. */
function yearNeighbourhood(year: number): Set<string> {
  const shown = new Set<string>();
  for (const event of events()) {
    if (!eventYears(event).includes(year)) continue;
    shown.add(event.id);
    for (const next of state.neighbours.get(event.id) ?? []) shown.add(next);
  }
  return shown;
}

function events(): ExportNode[] {
  return state.graph.nodes.filter((node) => node.type === "Event");
}

function eventYears(event: ExportNode): number[] {
  const start = String(event.properties.startDate ?? event.properties.date ?? event.properties.period ?? "");
  const end = String(event.properties.endDate ?? start);
  const first = Number(start.slice(0, 4));
  const last = Number(end.slice(0, 4)) || first;
  if (!first) return [];
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

/** Selects a node: highlights it and its links, centres it, and opens its panel. */
function select(id: string) {
  const node = cy.getElementById(id);
  if (node.empty()) return;
  if (node.hasClass("hidden")) {
    // A search hit or timeline pick outside the current filters: show it with its neighbourhood.
    state.types.add(state.nodes.get(id)?.type ?? "");
    for (const box of document.querySelectorAll<HTMLInputElement>("#types input"))
      box.checked = state.types.has(box.value);
    expand(id);
  }
  state.selected = id;
  cy.elements().unselect().removeClass("neighbour");
  node.select();
  node.connectedEdges().addClass("neighbour");
  node.neighborhood("node").addClass("neighbour");
  cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 250 });
  showPanel(id);
}

function clearSelection() {
  state.selected = undefined;
  cy.elements().unselect().removeClass("neighbour");
  const panel = $("panel");
  panel.hidden = true;
  panel.dataset.nodeId = "";
}

/** Neighbourhood mode: shows the node and its neighbours, added to what an earlier expansion showed. */
function expand(id: string) {
  if (state.expanded.size === 0) state.expanded.add(id);
  for (const next of state.neighbours.get(id) ?? []) state.expanded.add(next);
  state.expanded.add(id);
  render();
  cy.fit(cy.nodes().not(".hidden"), 40);
}

function showPanel(id: string) {
  const node = state.nodes.get(id);
  if (!node) return;
  const panel = $("panel");
  panel.hidden = false;
  panel.dataset.nodeId = id;
  const facts = state.graph.edges.filter((edge) => edge.source === id || edge.target === id);
  const byPredicate = new Map<string, ExportEdge[]>();
  for (const fact of facts) byPredicate.set(fact.type, [...(byPredicate.get(fact.type) ?? []), fact]);
  const properties = Object.entries(node.properties)
    .filter(([key]) => key !== "description" && key !== "flags")
    .map(
      ([key, value]) =>
        `<dt>${html(key)}</dt><dd>${html(Array.isArray(value) ? value.join("; ") : String(value))}</dd>`,
    )
    .join("");
  panel.innerHTML = `
    <div class="panel-head">
      <h2>${html(node.name)}</h2>
      <button type="button" class="close" aria-label="Close the panel">×</button>
    </div>
    <p class="muted"><span class="swatch" style="background:${typeColours[node.type] ?? typeColours.default}"></span>${node.type} · <code>${html(node.id)}</code></p>
    ${node.properties.description ? `<p>${html(String(node.properties.description))}</p>` : ""}
    ${flagsHtml(node.properties.flags)}
    <dl class="props">${properties}</dl>
    <button type="button" class="expand">Expand neighbourhood</button>
    <h3>Sources</h3>
    ${citationsHtml(node.evidence)}
    <h3>Facts (${facts.length})</h3>
    ${[...byPredicate]
      .map(
        ([predicate, edges]) => `
      <section class="facts" data-predicate="${predicate}">
        <h4>${predicate}</h4>
        <ul>${edges.map((edge) => factHtml(edge, id)).join("")}</ul>
      </section>`,
      )
      .join("")}`;
  panel.querySelector(".close")?.addEventListener("click", clearSelection);
  panel.querySelector(".expand")?.addEventListener("click", () => {
    expand(id);
    select(id);
  });
  for (const link of panel.querySelectorAll<HTMLButtonElement>("button[data-go]")) {
    link.addEventListener("click", () => select(link.dataset.go ?? ""));
  }
  panel.focus({ preventScroll: true });
}

function factHtml(edge: ExportEdge, from: string): string {
  const outgoing = edge.source === from;
  const other = state.nodes.get(outgoing ? edge.target : edge.source);
  const extra = Object.entries(edge.properties)
    .filter(([key]) => key !== "flags")
    .map(([key, value]) => `${key}: ${html(String(value))}`)
    .join(", ");
  return `<li class="fact" data-fact-id="${html(edge.id)}" data-other="${html(other?.id ?? "")}">
    ${outgoing ? "→" : "←"} <button type="button" class="link" data-go="${html(other?.id ?? "")}">${html(other?.name ?? "?")}</button>
    <span class="badge ${edge.basis.toLowerCase()}">${edge.basis.toLowerCase()}</span>${extra ? ` <span class="muted">(${extra})</span>` : ""}
    ${flagsHtml(edge.properties.flags)}
    ${citationsHtml(edge.evidence)}
  </li>`;
}

function citationsHtml(citations: Citation[]): string {
  if (citations.length === 0) return `<p class="muted">No citation.</p>`;
  return `<ul class="citations">${citations
    .map(
      (citation) => `<li class="citation">
        <q>${html(citation.quote)}</q>
        <span class="source">— ${html(citation.sourceTitle)}, ${html(citation.section)}</span>
        <span class="badge ${citation.basis.toLowerCase()}">${citation.basis.toLowerCase()}</span>
        ${citation.reason ? `<span class="reason">Why inferred: ${html(citation.reason)}</span>` : ""}
      </li>`,
    )
    .join("")}</ul>`;
}

function flagsHtml(flags: unknown): string {
  if (!Array.isArray(flags) || flags.length === 0) return "";
  return `<ul class="flags">${flags.map((flag) => `<li>⚑ ${html(String(flag))}</li>`).join("")}</ul>`;
}

/** The API's full-text search: lists the hits and focuses the best one. */
async function search(text: string) {
  const list = $("search-results");
  list.innerHTML = "";
  if (!text) return;
  notice(`Searching for “${text}”…`);
  try {
    const hits = (await request(ExplorerSearchDocument, { phrase: text, limit: 20 })).search.filter((hit) =>
      state.nodes.has(hit.id),
    );
    if (hits.length === 0) {
      notice(`Nothing matches “${text}”.`);
      return;
    }
    notice(`${hits.length} match${hits.length === 1 ? "" : "es"} for “${text}”.`);
    for (const hit of hits) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "link";
      button.dataset.go = hit.id;
      button.textContent = `${hit.name} (${hit.type})`;
      button.addEventListener("click", () => select(hit.id));
      item.append(button);
      list.append(item);
    }
    const first = hits[0];
    if (first) select(first.id);
  } catch (error) {
    notice(`Search failed: ${(error as Error).message}`);
  }
}

/** Sizes nodes by degree, or by a centrality from the analytics API (falls back to degree if it fails). */
async function sizeBy(measure: string) {
  let scores = new Map<string, number>();
  if (measure === "degree") {
    for (const [id, next] of state.neighbours) scores.set(id, next.size);
  } else {
    try {
      notice(`Computing ${measure}…`);
      const result =
        measure === "pagerank"
          ? (await request(ExplorerPageRankDocument, { limit: 500 })).pageRank
          : (await request(ExplorerBetweennessDocument, { limit: 500 })).betweennessCentrality;
      scores = new Map(result.scores.map((score) => [score.node.id, score.score]));
      notice(`Sized by ${measure}.`);
    } catch (error) {
      notice(`Analytics unavailable (${(error as Error).message}): sized by degree.`);
      $<HTMLSelectElement>("size-by").value = "degree";
      return sizeBy("degree");
    }
  }
  const max = Math.max(1e-9, ...scores.values());
  cy.batch(() => {
    cy.nodes().forEach((node) => {
      node.data("size", Math.sqrt((scores.get(node.id()) ?? 0) / max));
    });
  });
}

async function colourByCommunity(on: boolean) {
  const legend = $("community-legend");
  legend.innerHTML = "";
  if (!on) {
    cy.nodes().forEach((node) => {
      node.data("colour", typeColours[node.data("type")] ?? typeColours.default);
    });
    return;
  }
  try {
    notice("Finding communities…");
    const { louvainCommunities } = await request(ExplorerCommunitiesDocument, {});
    const community = new Map<string, number>();
    for (const group of louvainCommunities.communities)
      for (const member of group.members) community.set(member.id, group.id);
    cy.nodes().forEach((node) => {
      const id = community.get(node.id());
      node.data(
        "colour",
        id === undefined ? "#dddddd" : (communityColours[(id - 1) % communityColours.length] ?? "#dddddd"),
      );
    });
    for (const group of louvainCommunities.communities.slice(0, communityColours.length)) {
      const item = document.createElement("li");
      item.innerHTML = `<span class="swatch" style="background:${communityColours[(group.id - 1) % communityColours.length]}"></span>Community ${group.id} (${group.size})`;
      legend.append(item);
    }
    notice(
      `${louvainCommunities.communityCount} communities (modularity ${louvainCommunities.modularity?.toFixed(2) ?? "n/a"}).`,
    );
  } catch (error) {
    notice(`Communities unavailable: ${(error as Error).message}`);
    $<HTMLInputElement>("communities").checked = false;
  }
}

function buildTimeline() {
  const timeline = $("timeline");
  // Events with a day go on the line; those the source places only in a period (`2022`, `2022-H2`) follow it.
  const byStart = (a: ExportNode, b: ExportNode) => (day(a) < day(b) ? -1 : day(a) > day(b) ? 1 : 0);
  const dated = events()
    .filter((event) => typeof event.properties.date === "string")
    .sort(byStart);
  const periods = events()
    .filter((event) => typeof event.properties.date !== "string")
    .sort(byStart);
  const first = Date.parse(day(dated[0]));
  const span = Math.max(1, Date.parse(day(dated[dated.length - 1])) - first);
  const lanes: number[] = [];
  for (const event of dated) {
    const left = ((Date.parse(day(event)) - first) / span) * 88;
    // Events close in time go to the next lane, so that their labels do not overlap.
    let lane = lanes.findIndex((end) => end < left - 12);
    if (lane === -1) lane = lanes.length;
    lanes[lane] = left;
    const item = timelineItem(
      event,
      `${day(event).slice(5)} ${String(event.properties.label ?? event.name)}`,
    );
    item.style.left = `${left}%`;
    item.style.top = `${lane * 1.7}em`;
    timeline.append(item);
  }
  timeline.style.height = `${Math.max(1, lanes.length) * 1.7 + 0.3}em`;
  const list = $("timeline-periods");
  for (const event of periods) {
    list.append(timelineItem(event, `${String(event.properties.period ?? "")} ${event.name}`));
  }
}

function day(event: ExportNode | undefined): string {
  return String(event?.properties.date ?? event?.properties.startDate ?? "");
}

function timelineItem(event: ExportNode, text: string): HTMLLIElement {
  const item = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "event";
  button.dataset.go = event.id;
  const when = String(event.properties.dateText ?? event.properties.date ?? event.properties.period ?? "");
  button.title = `${event.name} — ${when}`;
  button.textContent = text;
  button.setAttribute("aria-label", `${event.name}, ${when}`);
  button.addEventListener("click", () => select(event.id));
  item.append(button);
  return item;
}

function download(format: string) {
  const visible = new Set(
    cy
      .nodes()
      .not(".hidden")
      .map((node) => node.id()),
  );
  const view: ExportGraph = {
    nodes: state.graph.nodes.filter((node) => visible.has(node.id)),
    edges: state.graph.edges.filter((edge) => visible.has(edge.source) && visible.has(edge.target)),
  };
  let blob: Blob;
  let name: string;
  if (format === "png") {
    blob = cy.png({ output: "blob", full: true, bg: "#ffffff", scale: 2 });
    name = "btech-graph-view.png";
  } else {
    const chosen = exportFormats[format as ExportFormatName];
    const body = chosen.serialize(view);
    blob = new Blob([typeof body === "string" ? body : new Uint8Array(body)], { type: chosen.contentType });
    name = `btech-graph-view.${chosen.extension}`;
  }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  notice(`Downloaded ${name}: ${view.nodes.length} nodes, ${view.edges.length} links.`);
}

function showState(message: string, retry = false) {
  const box = $("state");
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
  $("state").hidden = true;
  document.body.dataset.state = "ready";
}

function notice(message: string) {
  $("notice").textContent = message;
}

function byName(a: ExportNode, b: ExportNode) {
  return a.name.localeCompare(b.name);
}

function html(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

// A read-only handle for the end-to-end tests and for poking at the graph from the browser console.
Object.assign(window, {
  explorer: {
    get cy() {
      return cy;
    },
    get selected() {
      return state?.selected;
    },
  },
});

void start();
