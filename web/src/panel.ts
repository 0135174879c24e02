import {
  ExplorerEntityHistoryDocument,
  type ExplorerEntityHistoryQuery,
} from "../../graph/generated/graphql.ts";
import type { Citation, ExportEdge, ExportNode } from "../../src/export/graph.ts";
import { typeColours } from "../../src/export/palette.ts";
import { request } from "./api.ts";
import { byId, html, underlinedHtml } from "./dom.ts";
import type { GraphData } from "./store.ts";
import { predicatePhrase, propertyName, propertyValue, words } from "./words.ts";

/** What the panel's links and buttons ask the page to do. */
export interface PanelActions {
  selectNode(id: string): void;
  selectEdge(id: string): void;
  /** Opens the source's text at this quote (the reader). */
  showInDocument(sourceId: string, quote: string): void;
  expand(id: string): void;
  close(): void;
}

/** One quote of one source, and everything it is cited for: the entity itself and/or facts. */
interface FoldedQuote {
  citation: Citation;
  supports: { label: string; factId?: string; basis: Citation["basis"]; reason?: string }[];
}

/** Shows a node: what it is, the notes on the source, its relationships, and its evidence, one quote once. */
export function showNodePanel(data: GraphData, node: ExportNode, actions: PanelActions) {
  const facts = data.graph.edges.filter((edge) => edge.source === node.id || edge.target === node.id);
  const byPredicate = new Map<string, ExportEdge[]>();
  for (const fact of facts) byPredicate.set(fact.type, [...(byPredicate.get(fact.type) ?? []), fact]);
  const evidence = fold([
    ...node.evidence.map((citation) => ({ citation, label: `${node.name} is mentioned` })),
    ...facts.flatMap((edge) =>
      edge.evidence.map((citation) => ({ citation, label: factSentence(data, edge), factId: edge.id })),
    ),
  ]);
  open(
    node.id,
    "node",
    `
    ${head(node.name, `${swatch(node.type)}${words(node.type.toUpperCase())} · <code>${html(node.id)}</code>`)}
    ${node.properties.description ? `<p>${html(String(node.properties.description))}</p>` : ""}
    ${notesHtml(node.properties.flags)}
    ${propertiesHtml(node.properties)}
    <button type="button" class="expand">Expand neighbourhood</button>
    <h3>Relationships (${facts.length})</h3>
    ${[...byPredicate]
      .map(
        ([predicate, edges]) => `
      <section class="facts" data-predicate="${html(predicate)}">
        <h4>${html(predicatePhrase(predicate))}${edges.every((edge) => edge.target === node.id) ? " (to this)" : ""}</h4>
        <ul>${edges.map((edge) => factHtml(data, edge, node.id)).join("")}</ul>
      </section>`,
      )
      .join("")}
    <section class="history" aria-label="History"><h3>History</h3><p class="muted">Loading its dated statements…</p></section>
    <h3>Evidence (${evidence.length} ${evidence.length === 1 ? "quote" : "quotes"})</h3>
    ${evidenceHtml(evidence)}`,
    actions,
  );
  byId("panel")
    .querySelector(".expand")
    ?.addEventListener("click", () => actions.expand(node.id));
  void showHistory(node.id, actions);
}

type HistoryEntry = ExplorerEntityHistoryQuery["entityHistory"][number];

/**
 * Fills the panel's History: the node's dated statements from the API's `entityHistory` (names, its own
 * validity, roles, memberships, participations), in date order, each `from – until: kind label (other)`.
 */
async function showHistory(id: string, actions: PanelActions) {
  const panel = byId("panel");
  let entries: HistoryEntry[];
  let failure = "";
  try {
    entries = (await request(ExplorerEntityHistoryDocument, { id })).entityHistory;
  } catch (error) {
    entries = [];
    failure = (error as Error).message;
  }
  // The reader may have moved on while the API answered.
  const section = panel.dataset.nodeId === id ? panel.querySelector(".history") : null;
  if (!section) return;
  section.innerHTML = `<h3>History (${entries.length})</h3>${
    failure
      ? `<p class="muted">The history could not be loaded: ${html(failure)}</p>`
      : entries.length === 0
        ? `<p class="muted">Nothing dated.</p>`
        : `<ol class="history-entries">${entries.map(historyHtml).join("")}</ol>`
  }`;
  for (const link of section.querySelectorAll<HTMLButtonElement>("button[data-go]")) {
    link.addEventListener("click", () => actions.selectNode(link.dataset.go ?? ""));
  }
}

function historyHtml(entry: HistoryEntry): string {
  const reasons = [...new Set(entry.sources.map((source) => source.reason).filter(Boolean))];
  return `<li class="history-entry" data-kind="${html(entry.kind)}"${entry.factId ? ` data-fact-id="${html(entry.factId)}"` : ""}>
    <span class="when">${html(entry.from ?? "…")} – ${html(entry.until ?? "…")}:</span>
    ${html(words(entry.kind))} ${html(entry.label)}${entry.other ? ` (<button type="button" class="link" data-go="${html(entry.other.id)}">${html(entry.other.name)}</button>)` : ""}
    <span class="badge ${entry.basis.toLowerCase()}">${words(entry.basis)}</span>
    ${reasons.map((reason) => `<span class="reason">Why inferred: ${html(String(reason))}</span>`).join("")}
  </li>`;
}

/** Shows an edge: the fact it stands for, its properties and notes, and its evidence. */
export function showEdgePanel(data: GraphData, edge: ExportEdge, actions: PanelActions) {
  const [from, to] = [data.nodes.get(edge.source), data.nodes.get(edge.target)];
  const evidence = fold(
    edge.evidence.map((citation) => ({ citation, label: factSentence(data, edge), factId: edge.id })),
  );
  open(
    edge.id,
    "edge",
    `
    ${head(factSentence(data, edge), `Relationship · <span class="badge ${edge.basis.toLowerCase()}">${words(edge.basis)}</span>`)}
    <p class="ends">
      <button type="button" class="link" data-go="${html(edge.source)}">${swatch(from?.type ?? "")}${html(from?.name ?? edge.source)}</button>
      <span class="predicate">${html(predicatePhrase(edge.type))}</span>
      <button type="button" class="link" data-go="${html(edge.target)}">${swatch(to?.type ?? "")}${html(to?.name ?? edge.target)}</button>
    </p>
    ${notesHtml(edge.properties.flags)}
    ${propertiesHtml(edge.properties)}
    <p class="muted"><code>${html(edge.id)}</code></p>
    <h3>Evidence (${evidence.length} ${evidence.length === 1 ? "quote" : "quotes"})</h3>
    ${evidenceHtml(evidence)}`,
    actions,
  );
}

/** Shows the paths behind a matrix cell, each step with its basis, and the evidence of every step. */
export function showPathsPanel(
  data: GraphData,
  row: ExportNode,
  col: ExportNode,
  paths: ExportEdge[][],
  actions: PanelActions,
) {
  const stated = paths.filter((path) => path.every((edge) => edge.basis === "STATED")).length;
  const steps = [...new Map(paths.flat().map((edge) => [edge.id, edge])).values()];
  const evidence = fold(
    steps.flatMap((edge) =>
      edge.evidence.map((citation) => ({ citation, label: factSentence(data, edge), factId: edge.id })),
    ),
  );
  open(
    `${row.id}|${col.id}`,
    "cell",
    `
    ${head(`${row.name} – ${col.name}`, `${paths.length} ${paths.length === 1 ? "path" : "paths"}: ${stated} stated at every step, ${paths.length - stated} inferred at one step or more`)}
    <ol class="paths">${paths
      .map(
        (path) =>
          `<li class="path" data-stated="${path.every((edge) => edge.basis === "STATED")}">${pathHtml(data, path)}</li>`,
      )
      .join("")}</ol>
    <h3>Evidence (${evidence.length} ${evidence.length === 1 ? "quote" : "quotes"})</h3>
    ${evidenceHtml(evidence)}`,
    actions,
  );
}

function pathHtml(data: GraphData, path: ExportEdge[]): string {
  const first = path[0];
  if (!first) return "";
  const node = (id: string) =>
    `<button type="button" class="link" data-go="${html(id)}">${html(data.nodes.get(id)?.name ?? id)}</button>`;
  return `${node(first.source)}${path
    .map(
      (edge) =>
        ` <button type="button" class="link step" data-edge="${html(edge.id)}">${html(predicatePhrase(edge.type))}</button>
        <span class="badge ${edge.basis.toLowerCase()}">${words(edge.basis)}</span> ${node(edge.target)}`,
    )
    .join("")}`;
}

/** Shows what the quotes under a mark of the reader support: entities they mention, facts they state. */
export function showQuotesPanel(
  data: GraphData,
  quotes: {
    key: string;
    quote: string;
    section: string;
    supports: { citation: Citation; nodeId?: string; factId?: string }[];
  }[],
  actions: PanelActions,
) {
  open(
    quotes.map((quote) => quote.key).join(" "),
    "quote",
    `
    ${head(quotes.length === 1 ? "A quote the graph cites" : `${quotes.length} quotes the graph cites here`, `${quotes[0]?.section ?? ""}`)}
    <ol class="citations">${quotes
      .map(
        (quote) => `<li class="citation" data-quote="${html(quote.key)}"><q>${underlinedHtml(quote.quote)}</q>
        <ul class="supports" aria-label="What this quote supports">${quote.supports
          .map(({ citation, nodeId, factId }) => {
            const edge = factId ? data.edges.get(factId) : undefined;
            const node = nodeId ? data.nodes.get(nodeId) : undefined;
            const what = edge
              ? `<button type="button" class="link" data-edge="${html(edge.id)}">${html(factSentence(data, edge))}</button>`
              : `<button type="button" class="link" data-go="${html(node?.id ?? "")}">${html(node?.name ?? "?")}</button> is mentioned`;
            return `<li${factId ? ` data-fact-id="${html(factId)}"` : ""}${nodeId ? ` data-node-id="${html(nodeId)}"` : ""}>
              <span class="badge ${citation.basis.toLowerCase()}">${words(citation.basis)}</span> ${what}
              ${citation.reason ? `<span class="reason">Why inferred: ${html(citation.reason)}</span>` : ""}</li>`;
          })
          .join("")}</ul></li>`,
      )
      .join("")}</ol>`,
    actions,
  );
}

/** Hides the panel. */
export function closePanel() {
  const panel = byId("panel");
  panel.hidden = true;
  panel.dataset.nodeId = "";
  panel.dataset.edgeId = "";
  panel.dataset.cell = "";
  panel.dataset.quote = "";
  document.body.classList.remove("panel-open");
}

/** `Telefónica is a member of Community of Practice` */
export function factSentence(data: GraphData, edge: ExportEdge): string {
  const from = data.nodes.get(edge.source)?.name ?? edge.source;
  const to = data.nodes.get(edge.target)?.name ?? edge.target;
  return `${from} ${predicatePhrase(edge.type)} ${to}`;
}

function open(id: string, kind: "node" | "edge" | "cell" | "quote", body: string, actions: PanelActions) {
  const panel = byId("panel");
  panel.hidden = false;
  panel.dataset.nodeId = kind === "node" ? id : "";
  panel.dataset.edgeId = kind === "edge" ? id : "";
  panel.dataset.cell = kind === "cell" ? id : "";
  panel.dataset.quote = kind === "quote" ? id : "";
  panel.innerHTML = body;
  document.body.classList.add("panel-open");
  panel.querySelector(".close")?.addEventListener("click", actions.close);
  for (const link of panel.querySelectorAll<HTMLButtonElement>("button[data-go]")) {
    link.addEventListener("click", () => actions.selectNode(link.dataset.go ?? ""));
  }
  for (const link of panel.querySelectorAll<HTMLButtonElement>("button[data-edge]")) {
    link.addEventListener("click", () => actions.selectEdge(link.dataset.edge ?? ""));
  }
  for (const link of panel.querySelectorAll<HTMLButtonElement>("button[data-show-source]")) {
    link.addEventListener("click", () =>
      actions.showInDocument(link.dataset.showSource ?? "", link.dataset.showQuote ?? ""),
    );
  }
  panel.scrollTop = 0;
  panel.focus({ preventScroll: true });
}

function head(title: string, subtitle: string): string {
  return `<div class="panel-head">
      <h2>${html(title)}</h2>
      <button type="button" class="close" aria-label="Close the panel (Esc)" title="Close (Esc)">×</button>
    </div>
    <p class="muted">${subtitle}</p>`;
}

function swatch(type: string): string {
  return `<span class="swatch" style="background:${typeColours[type] ?? typeColours.default}"></span>`;
}

function factHtml(data: GraphData, edge: ExportEdge, from: string): string {
  const outgoing = edge.source === from;
  const other = data.nodes.get(outgoing ? edge.target : edge.source);
  const extra = Object.entries(edge.properties)
    .filter(([key]) => key !== "flags")
    .map(([key, value]) => `${propertyName(key)}: ${html(propertyValue(key, value))}`)
    .join(", ");
  const notes = Array.isArray(edge.properties.flags) ? edge.properties.flags.length : 0;
  return `<li class="fact" data-fact-id="${html(edge.id)}" data-other="${html(other?.id ?? "")}">
    ${outgoing ? "→" : "←"} <button type="button" class="link" data-go="${html(other?.id ?? "")}">${html(other?.name ?? "?")}</button>
    <span class="badge ${edge.basis.toLowerCase()}">${words(edge.basis)}</span>${extra ? ` <span class="muted">(${extra})</span>` : ""}
    ${notes ? `<span class="muted" title="Notes on the source">⚑ ${notes}</span>` : ""}
    <button type="button" class="link small" data-edge="${html(edge.id)}">evidence</button>
  </li>`;
}

function fold(items: { citation: Citation; label: string; factId?: string }[]): FoldedQuote[] {
  const byQuote = new Map<string, FoldedQuote>();
  for (const { citation, label, factId } of items) {
    const key = JSON.stringify([citation.source, citation.section, citation.quote]);
    const folded = byQuote.get(key) ?? { citation, supports: [] };
    folded.supports.push({
      label,
      basis: citation.basis,
      ...(factId ? { factId } : {}),
      ...(citation.reason ? { reason: citation.reason } : {}),
    });
    byQuote.set(key, folded);
  }
  return [...byQuote.values()];
}

function evidenceHtml(quotes: FoldedQuote[]): string {
  if (quotes.length === 0) return `<p class="muted">No citation.</p>`;
  return `<ol class="citations">${quotes
    .map(
      ({ citation, supports }) => `<li class="citation" data-source="${html(citation.source)}">
        <q>${underlinedHtml(citation.quote)}</q>
        <span class="source">— ${html(citation.sourceTitle)}, ${html(citation.section)}
          <button type="button" class="link small" data-show-source="${html(citation.source)}" data-show-quote="${html(citation.quote)}">show in the document</button></span>
        <ul class="supports" aria-label="What this quote supports">${supports
          .map(
            (support) => `<li${support.factId ? ` data-fact-id="${html(support.factId)}"` : ""}>
              <span class="badge ${support.basis.toLowerCase()}">${words(support.basis)}</span>
              ${support.factId ? `<button type="button" class="link" data-edge="${html(support.factId)}">${html(support.label)}</button>` : html(support.label)}
              ${support.reason ? `<span class="reason">Why inferred: ${html(support.reason)}</span>` : ""}
            </li>`,
          )
          .join("")}</ul>
      </li>`,
    )
    .join("")}</ol>`;
}

function notesHtml(flags: unknown): string {
  if (!Array.isArray(flags) || flags.length === 0) return "";
  return `<section class="notes"><h3>Notes on the source</h3><ul>${flags
    .map((flag) => `<li>⚑ ${html(String(flag))}</li>`)
    .join("")}</ul></section>`;
}

function propertiesHtml(properties: Record<string, unknown>): string {
  // A day's event carries its day three times (date, startDate, endDate): the reader needs it once.
  const sameDay = (key: string) =>
    (key === "startDate" || key === "endDate") && properties.date !== undefined;
  const rows = Object.entries(properties)
    .filter(([key]) => key !== "description" && key !== "flags" && !sameDay(key))
    .map(([key, value]) => `<dt>${html(propertyName(key))}</dt><dd>${html(propertyValue(key, value))}</dd>`)
    .join("");
  return rows ? `<dl class="props">${rows}</dl>` : "";
}
