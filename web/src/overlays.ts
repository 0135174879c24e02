import type { Core } from "cytoscape";
import { byId } from "./dom.ts";
import type { FreeArea } from "./graph-view.ts";
import { factSentence } from "./panel.ts";
import type { GraphData } from "./store.ts";
import { words } from "./words.ts";

/**
 * The part of the graph's box that the overlays (the panel, the message strip) leave free: for each
 * overlay over the box, the side it covers is cut off, keeping the larger remainder.
 */
export function freeArea(): FreeArea {
  const graph = byId("graph").getBoundingClientRect();
  let area = { left: 0, top: 0, right: graph.width, bottom: graph.height };
  for (const id of ["panel", "notice"]) {
    const element = byId(id);
    if (element.hidden) continue;
    const box = element.getBoundingClientRect();
    const overlay = {
      left: box.left - graph.left,
      top: box.top - graph.top,
      right: box.right - graph.left,
      bottom: box.bottom - graph.top,
    };
    if (
      overlay.right <= area.left ||
      overlay.left >= area.right ||
      overlay.bottom <= area.top ||
      overlay.top >= area.bottom
    )
      continue;
    const cuts = [
      { ...area, left: Math.max(area.left, overlay.right) },
      { ...area, right: Math.min(area.right, overlay.left) },
      { ...area, top: Math.max(area.top, overlay.bottom) },
      { ...area, bottom: Math.min(area.bottom, overlay.top) },
    ];
    const size = (cut: FreeArea) => Math.max(0, cut.right - cut.left) * Math.max(0, cut.bottom - cut.top);
    area = cuts.reduce((best, cut) => (size(cut) > size(best) ? cut : best));
  }
  return area;
}

/** Shows what a node or an edge is while the pointer is over it. */
export function attachTooltips(cy: Core, data: GraphData) {
  const tip = byId("tooltip");
  cy.on("mouseover", "node", (event) => {
    const node = data.nodes.get(event.target.id());
    if (!node) return;
    const degree = data.neighbours.get(node.id)?.size ?? 0;
    showTip(tip, `${node.name}\n${words(node.type.toUpperCase())} · ${degree} links`, event.renderedPosition);
  });
  cy.on("mouseover", "edge", (event) => {
    const edge = data.edges.get(event.target.id());
    if (!edge) return;
    showTip(
      tip,
      `${factSentence(data, edge)}\n${words(edge.basis)} · click for the evidence`,
      event.renderedPosition,
    );
  });
  cy.on("mouseout", "node, edge", () => {
    tip.hidden = true;
  });
  cy.on("viewport", () => {
    tip.hidden = true;
  });
}

function showTip(tip: HTMLElement, text: string, at: { x: number; y: number }) {
  tip.textContent = text;
  tip.hidden = false;
  tip.style.left = `${Math.round(at.x + 12)}px`;
  tip.style.top = `${Math.round(at.y + 12)}px`;
}
