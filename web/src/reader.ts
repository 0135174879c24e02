import { ExplorerSourceDocumentDocument } from "../../graph/generated/graphql.ts";
import type { Citation } from "../../src/export/graph.ts";
import { request } from "./api.ts";
import { byId, html, underlinedPieces } from "./dom.ts";
import type { GraphData } from "./store.ts";

/** A quote the graph cites from a source, and what it is cited for. */
export interface CitedQuote {
  key: string;
  quote: string;
  section: string;
  /** Entities mentioned (no fact id) and facts supported, with the citation of each. */
  supports: { citation: Citation; nodeId?: string; factId?: string }[];
}

/** A stable short key of a quote (FNV-1a of its words), for links such as `?view=source&quote=…`. */
export function quoteKey(quote: string): string {
  let hash = 0x811c9dc5;
  for (const char of quote.replace(/\s+/g, " ").trim()) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/** Every quote the graph cites from `sourceId`, with the entities and facts each supports. */
export function citedQuotes(data: GraphData, sourceId: string): CitedQuote[] {
  const byKey = new Map<string, CitedQuote>();
  const add = (citation: Citation, support: { nodeId?: string; factId?: string }) => {
    if (citation.source !== sourceId) return;
    const key = quoteKey(citation.quote);
    const quote = byKey.get(key) ?? { key, quote: citation.quote, section: citation.section, supports: [] };
    quote.supports.push({ citation, ...support });
    byKey.set(key, quote);
  };
  for (const node of data.graph.nodes)
    for (const citation of node.evidence) add(citation, { nodeId: node.id });
  for (const edge of data.graph.edges)
    for (const citation of edge.evidence) add(citation, { factId: edge.id });
  return [...byKey.values()];
}

/** The ids and titles of the sources the graph cites. */
export function citedSources(data: GraphData): { id: string; title: string }[] {
  const sources = new Map<string, string>();
  for (const item of [...data.graph.nodes, ...data.graph.edges])
    for (const citation of item.evidence) sources.set(citation.source, citation.sourceTitle);
  return [...sources].map(([id, title]) => ({ id, title })).sort((a, b) => a.title.localeCompare(b.title));
}

/**
 * Shows a source's text (from the API's `sourceDocument`) with every quote the graph cites from it marked;
 * a click on a mark calls `onMark` with the quotes there. `focus` (a quote key) is scrolled to and lit.
 * Quotes that overlap share the marks of their common words.
 */
export async function drawReader(
  data: GraphData,
  sourceId: string,
  focus: string,
  onMark: (quotes: CitedQuote[]) => void,
): Promise<void> {
  const box = byId("reader");
  box.dataset.source = sourceId;
  box.dataset.ready = "false";
  box.innerHTML = `<p class="muted">Loading the document…</p>`;
  let document: { id: string; title: string; text?: string | null } | null | undefined;
  try {
    document = (await request(ExplorerSourceDocumentDocument, { id: sourceId })).sourceDocument;
  } catch (error) {
    box.innerHTML = `<p class="error">The document could not be loaded: ${html((error as Error).message)}</p>`;
    return;
  }
  if (box.dataset.source !== sourceId) return;
  if (!document) {
    box.innerHTML = `<p class="error">No source has the id <code>${html(sourceId)}</code>.</p>`;
    return;
  }
  const quotes = citedQuotes(data, sourceId);
  // The file starts with blank lines (the PDF's first page); they would only push the text down.
  const text = (document.text ?? "").replace(/^\s+/, "");
  const ranges = quotes.flatMap((quote, index) =>
    findAll(text, quote.quote).map(([start, end]) => ({ index, start, end })),
  );
  const found = new Set(ranges.map((range) => range.index));
  const missing = quotes.filter((_, index) => !found.has(index));
  box.innerHTML = `
    <header class="reader-head">
      <h2>${html(document.title)}</h2>
      <p class="muted small">${found.size} of ${quotes.length} quotes the graph cites from this document are marked;
        a click on a mark shows the entities and facts it supports.${missing.length ? ` ${missing.length} could not be found in this text.` : ""}</p>
    </header>
    ${text ? `<article class="document" lang="en">${markedText(text, ranges, quotes)}</article>` : `<p class="error">This server has no text for this document (its file is not here).</p>`}`;
  for (const mark of box.querySelectorAll<HTMLElement>("mark[data-quotes]")) {
    mark.addEventListener("click", () => {
      const keys = (mark.dataset.quotes ?? "").split(" ");
      for (const lit of box.querySelectorAll(".lit")) lit.classList.remove("lit");
      for (const key of keys)
        for (const part of box.querySelectorAll(`mark[data-quotes~="${key}"]`)) part.classList.add("lit");
      onMark(quotes.filter((quote) => keys.includes(quote.key)));
    });
  }
  box.dataset.ready = "true";
  if (focus) {
    const first = box.querySelector<HTMLElement>(`mark[data-quotes~="${CSS.escape(focus)}"]`);
    if (first) {
      for (const part of box.querySelectorAll(`mark[data-quotes~="${CSS.escape(focus)}"]`))
        part.classList.add("lit");
      first.scrollIntoView({ block: "center" });
    }
  }
}

/** Where `quote` occurs in `text`, any run of whitespace matching any other (as the importer compares). */
function findAll(text: string, quote: string): [number, number][] {
  const words = quote
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  if (words.length === 0 || !words[0]) return [];
  const pattern = new RegExp(words.join("\\s+"), "g");
  return [...text.matchAll(pattern)].map((match) => [match.index, match.index + match[0].length]);
}

/**
 * The text as HTML, cut at every quote's start and end; each piece inside quotes is a mark naming them. The
 * document's underlines (`<u>…</u>` in the text) are drawn within each piece (underlinedPieces).
 */
function markedText(
  text: string,
  ranges: { index: number; start: number; end: number }[],
  quotes: CitedQuote[],
): string {
  const cuts = [...new Set([0, text.length, ...ranges.flatMap((range) => [range.start, range.end])])].sort(
    (a, b) => a - b,
  );
  const spans = cuts.slice(1).map((end, i) => ({ start: cuts[i] ?? 0, end }));
  const pieces = underlinedPieces(spans.map(({ start, end }) => text.slice(start, end)));
  return spans
    .map(({ start, end }, i) => {
      const piece = pieces[i] ?? "";
      const covering = ranges.filter((range) => range.start <= start && range.end >= end);
      if (covering.length === 0 || piece === "") return piece;
      const keys = [...new Set(covering.map((range) => quotes[range.index]?.key ?? ""))];
      return `<mark data-quotes="${keys.join(" ")}" tabindex="0" title="Cited by the graph: click for what it supports">${piece}</mark>`;
    })
    .join("");
}
