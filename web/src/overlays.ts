import type { Core, NodeSingular } from "cytoscape";
import { byId } from "./dom.ts";
import type { FreeArea } from "./graph-view.ts";
import { factSentence } from "./panel.ts";
import type { GraphData } from "./store.ts";
import { words } from "./words.ts";

/**
 * The part of the graph's box that the overlays (the panel, the message strip) leave free: for each
 * overlay over the box, the side it covers is cut off, keeping the larger remainder. The message strip
 * counts where it stands at first, at the top (keepNoticeClear may move it lower, off the labels).
 */
export function freeArea(): FreeArea {
  return areaLeftBy(["panel", "notice"]);
}

function areaLeftBy(overlays: string[]): FreeArea {
  const graph = byId("graph").getBoundingClientRect();
  let area = { left: 0, top: 0, right: graph.width, bottom: graph.height };
  for (const id of overlays) {
    const element = byId(id);
    if (element.hidden) continue;
    const shown = element.getBoundingClientRect();
    const shift = Number(element.dataset.shift ?? 0);
    const box = {
      left: shown.left,
      right: shown.right,
      top: shown.top - shift,
      bottom: shown.bottom - shift,
    };
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

/**
 * Keeps the message strip (#notice) beside the panel and off the labels drawn: centred over the part of the
 * graph the panel leaves free, at the top if no drawn label is there, else at the first height down that
 * area where it covers none (at the top if there is no such height). Placed again whenever the message or
 * the panel changes, and once the view rests after a zoom, a pan or a resize.
 */
export function keepNoticeClear(cy: Core) {
  const box = byId("notice");
  let waiting: ReturnType<typeof setTimeout> | undefined;
  const later = (delay: number) => {
    clearTimeout(waiting);
    // After the labels are sorted out for the new view (declutterLabels runs on the next frame).
    waiting = setTimeout(() => placeNotice(cy, box), delay);
  };
  const watch = new MutationObserver(() => later(30));
  watch.observe(box, { attributeFilter: ["hidden"], childList: true, characterData: true, subtree: true });
  watch.observe(byId("panel"), { attributeFilter: ["hidden"] });
  cy.on("viewport resize", () => later(150));
}

function placeNotice(cy: Core, box: HTMLElement) {
  if (box.hidden) return;
  const area = areaLeftBy(["panel"]);
  const margin = 8;
  box.style.left = `${(area.left + area.right) / 2}px`;
  box.style.maxWidth = `min(36rem, ${Math.max(120, area.right - area.left - 2 * margin)}px)`;
  box.style.translate = "";
  box.dataset.shift = "0";
  const graph = byId("graph").getBoundingClientRect();
  const shown = box.getBoundingClientRect();
  const strip = {
    x1: shown.left - graph.left,
    x2: shown.right - graph.left,
    y1: shown.top - graph.top,
    y2: shown.bottom - graph.top,
  };
  const labels = drawnLabelBoxes(cy);
  const covers = (shift: number) =>
    labels.some(
      (label) =>
        label.x1 < strip.x2 &&
        strip.x1 < label.x2 &&
        label.y1 < strip.y2 + shift &&
        strip.y1 + shift < label.y2,
    );
  let shift = 0;
  for (let step = 0; strip.y2 + step <= area.bottom - margin; step += 4) {
    if (!covers(step)) {
      shift = step;
      break;
    }
  }
  box.dataset.shift = String(shift);
  box.style.translate = shift ? `0 ${shift}px` : "";
}

/** The boxes on screen of the node labels drawn now (declutterLabels quiets the others). */
function drawnLabelBoxes(cy: Core): ScreenBox[] {
  return cy
    .nodes()
    .not(".hidden")
    .not(".quiet")
    .filter((node) => node.style("label") !== "")
    .map((node) =>
      node.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true }),
    );
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
