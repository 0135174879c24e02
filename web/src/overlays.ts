import type { Core, NodeSingular } from "cytoscape";
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
    tip.textContent = `${node.name}\n${words(node.type.toUpperCase())} · ${degree} links`;
    tip.hidden = false;
    placeBeside(tip, (event.target as NodeSingular).renderedBoundingBox({ includeEdges: false }));
  });
  cy.on("mouseover", "edge", (event) => {
    const edge = data.edges.get(event.target.id());
    if (!edge) return;
    tip.textContent = `${factSentence(data, edge)}\n${words(edge.basis)} · click for the evidence`;
    tip.hidden = false;
    const { x, y } = event.renderedPosition;
    placeBeside(tip, { x1: x, y1: y, x2: x, y2: y });
  });
  cy.on("mouseout", "node, edge", () => {
    tip.hidden = true;
  });
  cy.on("viewport", () => {
    tip.hidden = true;
  });
}

/** A box on screen, in pixels from the graph's top left corner. */
interface ScreenBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * Puts the tooltip next to `target` (a node's body with its label, or the pointer on an edge) without covering
 * it: above it, else below, right or left, whichever first fits in the free part of the graph. A tooltip at
 * the pointer hid the label of the very node one pointed at, under the pointer.
 */
function placeBeside(tip: HTMLElement, target: ScreenBox) {
  const area = freeArea();
  const gap = 8;
  const width = tip.offsetWidth;
  const height = tip.offsetHeight;
  const middleX = (target.x1 + target.x2) / 2 - width / 2;
  const middleY = (target.y1 + target.y2) / 2 - height / 2;
  const places = [
    { left: middleX, top: target.y1 - gap - height },
    { left: middleX, top: target.y2 + gap },
    { left: target.x2 + gap, top: middleY },
    { left: target.x1 - gap - width, top: middleY },
  ];
  // Each place slid into the area; the first that, slid, still keeps clear of the target is taken.
  const slid = places.map(({ left, top }) => ({
    left: Math.min(Math.max(left, area.left), area.right - width),
    top: Math.min(Math.max(top, area.top), area.bottom - height),
  }));
  const clear = (place: { left: number; top: number }) =>
    place.left + width <= target.x1 ||
    place.left >= target.x2 ||
    place.top + height <= target.y1 ||
    place.top >= target.y2;
  const chosen = slid.find((place) => clear(place)) ?? slid[0];
  tip.style.left = `${Math.round(chosen?.left ?? 0)}px`;
  tip.style.top = `${Math.round(chosen?.top ?? 0)}px`;
}
