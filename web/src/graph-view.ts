import cytoscape, {
  type Collection,
  type Core,
  type EdgeSingular,
  type ElementDefinition,
  type NodeSingular,
} from "cytoscape";
import fcose from "cytoscape-fcose";
import type { ExportGraph } from "../../src/export/graph.ts";
import { typeColours } from "../../src/export/palette.ts";
import { predicateColour } from "./words.ts";

cytoscape.use(fcose);

/** How many of the best-connected nodes keep a readable label at any zoom. */
export const labelledNodeCount = 20;
/** Size on screen, in pixels, of the labels of those nodes when the view is zoomed out. */
const majorLabelPixels = 12;
/** Labels of other nodes show once they would be at least this many pixels tall. */
const minorLabelPixels = 9;

/** The part of the graph's box that no panel covers, in pixels from the box's top left corner. */
export interface FreeArea {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** What the graph tells the page: a tap on a node, an edge or the background. */
export interface GraphEvents {
  onNode(id: string): void;
  onEdge(id: string): void;
  onBackground(): void;
}

/** Draws the graph into `container` (not laid out yet: call `layoutShown`). */
export function drawGraph(container: HTMLElement, graph: ExportGraph, events: GraphEvents): Core {
  const major = majorNodes(graph);
  const elements = elementsOf(graph, major);
  const cy = cytoscape({
    container,
    elements,
    minZoom: 0.15,
    maxZoom: 4,
    wheelSensitivity: 0.3,
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
          "text-max-width": "150px",
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.8,
          "text-background-padding": "1px",
          "min-zoomed-font-size": minorLabelPixels,
          "border-width": 1,
          "border-color": "#333333",
        },
      },
      // The best-connected nodes: their label's size follows the zoom so it stays readable (labelSize).
      {
        selector: "node.major",
        style: { "font-size": "data(labelSize)", "text-wrap": "none", "font-weight": 600, "z-index": 10 },
      },
      {
        selector: "edge",
        style: {
          width: 1.6,
          "line-color": "data(colour)",
          "target-arrow-color": "data(colour)",
          "target-arrow-shape": "triangle",
          "arrow-scale": 0.8,
          "curve-style": "bezier",
          opacity: 0.75,
        },
      },
      { selector: "edge[basis = 'INFERRED']", style: { "line-style": "dashed" } },
      { selector: ".hidden", style: { display: "none" } },
      // A label that would overlap a more important one (declutterLabels): not drawn, still in the tooltip.
      { selector: "node.quiet", style: { "text-opacity": 0, "text-background-opacity": 0 } },
      { selector: "node.label-above", style: { "text-valign": "top", "text-margin-y": -3 } },
      {
        selector: "node.label-right",
        style: { "text-valign": "center", "text-halign": "right", "text-margin-x": 3, "text-margin-y": 0 },
      },
      {
        selector: "node.label-left",
        style: { "text-valign": "center", "text-halign": "left", "text-margin-x": -3, "text-margin-y": 0 },
      },
      { selector: ".faded", style: { opacity: 0.18 } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#000000" } },
      { selector: "node.neighbour", style: { "border-width": 3, "border-color": "#444444" } },
      { selector: "edge.neighbour", style: { width: 3, opacity: 1 } },
      {
        selector: "edge:selected",
        style: {
          width: 5,
          opacity: 1,
          "underlay-color": "#000000",
          "underlay-opacity": 0.15,
          "underlay-padding": 4,
        },
      },
    ],
  });
  cy.on("tap", "node", (event) => events.onNode((event.target as NodeSingular).id()));
  cy.on("tap", "edge", (event) => events.onEdge((event.target as EdgeSingular).id()));
  cy.on("tap", (event) => {
    if (event.target === cy) events.onBackground();
  });
  cy.on("zoom", () => keepMajorLabelsReadable(cy));
  cy.on("select unselect", () => scheduleDeclutter(cy));
  return cy;
}

/**
 * Adds nodes and edges to a drawn graph (search-first mode, a neighbourhood at a time); `major` nodes (the
 * picked ones) keep a readable label at any zoom. Not laid out yet: call `layoutShown`.
 */
export function addToGraph(cy: Core, graph: ExportGraph, major: Set<string>) {
  cy.add(elementsOf(graph, major));
  for (const id of major) cy.getElementById(id).addClass("major");
  keepMajorLabelsReadable(cy);
}

function elementsOf(graph: ExportGraph, major: Set<string>): ElementDefinition[] {
  return [
    ...graph.nodes.map((node) => ({
      group: "nodes" as const,
      // Classed before the first render: Cytoscape keeps a label's first wrapping when its style changes.
      classes: major.has(node.id) ? "major" : "",
      data: {
        id: node.id,
        // A session's label in the source ("COP Q2 Session 1") is shorter than its name, and what readers cite.
        label: typeof node.properties.label === "string" ? node.properties.label : node.name,
        type: node.type,
        colour: typeColours[node.type] ?? typeColours.default,
        size: 1,
        // The size the labels of major nodes have at a typical first zoom (about 0.6), so that the layout,
        // which counts labels in, leaves them room; keepMajorLabelsReadable adjusts it to the real zoom.
        labelSize: major.has(node.id) ? 20 : 11,
      },
    })),
    ...graph.edges.map((edge) => ({
      group: "edges" as const,
      data: {
        id: edge.id,
        source: edge.source,
        target: edge.target,
        type: edge.type,
        basis: edge.basis,
        colour: predicateColour(edge.type),
      },
    })),
  ];
}

/** The best-connected nodes (most links, then id), whose labels stay visible at any zoom. */
function majorNodes(graph: ExportGraph): Set<string> {
  const degree = new Map<string, number>();
  for (const edge of graph.edges) {
    degree.set(edge.source, (degree.get(edge.source) ?? 0) + 1);
    degree.set(edge.target, (degree.get(edge.target) ?? 0) + 1);
  }
  const ranked = graph.nodes
    .map((node) => node.id)
    .sort((a, b) => (degree.get(b) ?? 0) - (degree.get(a) ?? 0) || (a < b ? -1 : 1));
  return new Set(ranked.slice(0, labelledNodeCount));
}

function keepMajorLabelsReadable(cy: Core) {
  const size = Math.max(11, majorLabelPixels / cy.zoom());
  cy.batch(() => {
    cy.nodes(".major").forEach((node) => {
      node.data("labelSize", size);
    });
  });
  forgetLabelBoxes(cy.nodes(".major"));
  scheduleDeclutter(cy);
}

/** A box in the graph's own coordinates, as Cytoscape's boundingBox gives it. */
interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

const overlap = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

let declutterPending = false;

/** Declutters once per frame however many zoom steps or selections ask for it. */
function scheduleDeclutter(cy: Core) {
  if (declutterPending) return;
  declutterPending = true;
  requestAnimationFrame(() => {
    declutterPending = false;
    declutterLabels(cy);
  });
}

/** Where a label may sit, in the order tried: below its node (the default), above, right, left. */
const labelPlaces = ["", "label-above", "label-right", "label-left"] as const;

/**
 * Labels by priority: the selected node's first, then its neighbours', then the best-connected nodes'
 * (most links first). Each label takes the first place (below, above, right or left of its node) where its
 * box overlaps no label already placed and no node drawn at its level or above; a label with no such place is not drawn (class
 * `quiet`; its node's tooltip still names it). Run after every layout, zoom and selection, since each changes
 * which labels meet. A minor label smaller than `minorLabelPixels` on screen is not drawn either.
 */
export function declutterLabels(cy: Core) {
  const zoom = cy.zoom();
  const shown = cy.nodes().not(".hidden");
  // Measured afresh: a box cached before the last change of zoom or label size would be too small.
  forgetLabelBoxes(shown);
  const priority = (node: NodeSingular) =>
    (node.selected() ? 4 : 0) + (node.hasClass("neighbour") ? 2 : 0) + (node.hasClass("major") ? 1 : 0);
  const ranked = (shown.toArray() as NodeSingular[]).sort(
    (a, b) => priority(b) - priority(a) || b.degree(false) - a.degree(false) || (a.id() < b.id() ? -1 : 1),
  );
  const bodies = ranked.map((node) => ({
    id: node.id(),
    major: node.hasClass("major"),
    box: node.boundingBox({ includeLabels: false }),
  }));
  const placed: Box[] = [];
  const labelBox = (node: NodeSingular) =>
    node.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
  // A major node and its label are drawn above the other nodes (z-index), so only major nodes stand in
  // the way of its label; any node stands in the way of a minor one's.
  const fits = (node: NodeSingular, label: Box) =>
    !placed.some((box) => overlap(box, label)) &&
    !bodies.some(
      ({ id, major, box }) => id !== node.id() && (major || !node.hasClass("major")) && overlap(box, label),
    );
  for (const node of ranked) {
    node.removeClass(["quiet", ...labelPlaces.filter(Boolean)].join(" "));
    // Cytoscape draws a label whose font, at the zoom's texture level (a power of 2), is over
    // min-zoomed-font-size: so a minor label could show at 6 px. It waits until it is readable.
    const readable =
      node.hasClass("major") || Number.parseFloat(node.style("font-size")) * zoom >= minorLabelPixels;
    if (!readable) {
      node.addClass("quiet");
      continue;
    }
    let found: Box | undefined;
    for (const place of labelPlaces) {
      if (place) node.addClass(place);
      const label = labelBox(node);
      if (node.selected() || fits(node, label)) {
        found = label;
        break;
      }
      if (place) node.removeClass(place);
    }
    if (found) placed.push(found);
    else node.addClass("quiet");
  }
  forgetLabelBoxes(shown);
}

/**
 * After a label changes place (declutterLabels) or size (keepMajorLabelsReadable), Cytoscape can keep the
 * label's old box in its cache while it draws the label where and as big as it now is; the label's texture is
 * then cut to the stale box, or squeezed into it. A session's label came out with its lower half missing, as
 * if crossed out by the edges behind it, and a selected node's label at half its size. Clearing the cache
 * makes the next frame measure those labels afresh. `dirtyBoundingBoxCache` is Cytoscape's own (3.x),
 * missing from its types.
 */
function forgetLabelBoxes(nodes: cytoscape.NodeCollection) {
  (nodes as unknown as { dirtyBoundingBoxCache(): void }).dirtyBoundingBoxCache();
}

/**
 * Lays out what is shown with fcose (force-directed, no overlaps, related nodes together), then fits it
 * into the free area. The same graph gets the same layout at every load: fcose draws its random start from
 * Math.random, which is seeded for the run.
 */
export function layoutShown(cy: Core, free: FreeArea) {
  const shown = cy.elements().not(".hidden");
  if (shown.nodes().length === 0) return;
  withSeededRandom(() => {
    shown
      .layout({
        name: "fcose",
        quality: "proof",
        randomize: true,
        animate: false,
        fit: false,
        nodeDimensionsIncludeLabels: true,
        nodeSeparation: 120,
        // Hubs push harder, so that the labels of the best-connected nodes get room around them.
        nodeRepulsion: (node: NodeSingular) => 30_000 + 2_500 * node.degree(false),
        idealEdgeLength: () => 110,
        edgeElasticity: () => 0.3,
        gravity: 0.15,
        packComponents: true,
      } as cytoscape.LayoutOptions)
      .run();
  });
  separateOverlaps(shown.nodes());
  stretchToArea(shown.nodes(), free);
  fitInto(cy, shown, free);
}

/**
 * Zooms and pans so that `elements` fill the free area (the graph's box less the panels over it), their
 * drawn labels included: a label that a node at the edge carries outward, or that declutterLabels moves
 * to a node's side, is not cut by the area's edge.
 */
export function fitInto(cy: Core, elements: Collection, free: FreeArea, padding = 40) {
  if (elements.empty()) return;
  // Bodies first: the labels of the major nodes keep their size on screen, so their size in the graph's
  // coordinates follows the zoom, and a fit on labels alone would never settle.
  applyView(cy, viewportFitting(cy, elements.boundingBox({ includeLabels: false }), free, padding));
  // Then the labels as drawn at that zoom, a few rounds, zooming out only: each round's labels are the
  // ones declutterLabels draws at the zoom the round before gave.
  const labelPadding = 8;
  for (let round = 0; round < 5 && !drawnWithin(cy, elements, free, labelPadding / 2); round++) {
    applyView(cy, viewportFitting(cy, drawnBox(elements), free, labelPadding, cy.zoom()));
  }
}

/** Whether `elements`, their drawn labels included, lie inside the free area, `margin` pixels within it. */
export function drawnWithin(cy: Core, elements: Collection, free: FreeArea, margin = 0): boolean {
  const box = drawnBox(elements);
  const zoom = cy.zoom();
  const { x, y } = cy.pan();
  return (
    box.x1 * zoom + x >= free.left + margin - 0.5 &&
    box.x2 * zoom + x <= free.right - margin + 0.5 &&
    box.y1 * zoom + y >= free.top + margin - 0.5 &&
    box.y2 * zoom + y <= free.bottom - margin + 0.5
  );
}

/** The box of the elements' bodies and of the labels declutterLabels draws (not the quiet ones). */
function drawnBox(elements: Collection): Box {
  const box = { ...elements.boundingBox({ includeLabels: false }) };
  elements
    .nodes()
    .not(".quiet")
    .forEach((node) => {
      const label = node.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
      if (label.w <= 0 || label.h <= 0) return;
      box.x1 = Math.min(box.x1, label.x1);
      box.y1 = Math.min(box.y1, label.y1);
      box.x2 = Math.max(box.x2, label.x2);
      box.y2 = Math.max(box.y2, label.y2);
    });
  return box;
}

/** Sets the view, then sizes and sorts out the labels for it (synchronously, for the next measure). */
function applyView(cy: Core, view: { zoom: number; pan: cytoscape.Position }) {
  cy.zoom(view.zoom);
  cy.pan(view.pan);
  keepMajorLabelsReadable(cy);
  declutterLabels(cy);
}

/**
 * The zoom and pan at which `box` (in the graph's coordinates) fills the free area, the zoom kept within
 * the graph's bounds and at most `most` (1.6 unless given), so that a few elements are not blown up to fill a
 * big window.
 */
function viewportFitting(cy: Core, box: Box, free: FreeArea, padding: number, most = 1.6) {
  const w = Math.max(1e-6, box.x2 - box.x1);
  const h = Math.max(1e-6, box.y2 - box.y1);
  const width = Math.max(1, free.right - free.left - 2 * padding);
  const height = Math.max(1, free.bottom - free.top - 2 * padding);
  const zoom = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), Math.min(width / w, height / h, most)));
  return {
    zoom,
    pan: {
      x: (free.left + free.right) / 2 - zoom * (box.x1 + w / 2),
      y: (free.top + free.bottom) / 2 - zoom * (box.y1 + h / 2),
    },
  };
}

/**
 * Brings a picked node and its neighbours into the free area, animated: the view zooms out as far as the
 * neighbourhood needs and in no further than a fit does (1.6), so that a node of one neighbour is not shown
 * huge. Their labels count in, as drawn at the current zoom (a major label shrinks as the view zooms in, so
 * this errs on the side of room).
 */
export function showNeighbourhood(cy: Core, neighbourhood: Collection, free: FreeArea) {
  if (neighbourhood.empty()) return;
  const { zoom, pan } = viewportFitting(cy, neighbourhood.boundingBox({ includeLabels: true }), free, 24);
  cy.stop(true, true);
  cy.animate({ zoom, pan }, { duration: 250, complete: () => keepMajorLabelsReadable(cy) });
}

/** Centres one element in the free area, zooming in if the view is far out. */
export function centreOn(cy: Core, element: Collection, free: FreeArea) {
  const zoom = Math.max(cy.zoom(), 1.1);
  const box = element.boundingBox({});
  cy.animate(
    {
      zoom,
      pan: {
        x: (free.left + free.right) / 2 - zoom * (box.x1 + box.w / 2),
        y: (free.top + free.bottom) / 2 - zoom * (box.y1 + box.h / 2),
      },
    },
    { duration: 250, complete: () => keepMajorLabelsReadable(cy) },
  );
}

/**
 * fcose lays out in a roughly round shape; a wide window or a tall phone would show it small. Stretching
 * the positions along the area's longer side (never shrinking) fills it and keeps every gap at least as wide.
 */
function stretchToArea(nodes: cytoscape.NodeCollection, free: FreeArea) {
  const box = nodes.boundingBox({});
  if (box.w < 1 || box.h < 1) return;
  const ratio = (free.bottom - free.top) / (free.right - free.left) / (box.h / box.w);
  const [sx, sy] = ratio > 1 ? [1, Math.min(ratio, 2.2)] : [Math.min(1 / ratio, 2.2), 1];
  const cx = box.x1 + box.w / 2;
  const cy = box.y1 + box.h / 2;
  nodes.positions((node) => {
    const { x, y } = (node as NodeSingular).position();
    return { x: cx + (x - cx) * sx, y: cy + (y - cy) * sy };
  });
}

/**
 * fcose keeps nodes apart but does not promise it, nor that labels keep clear of one another: pushes apart
 * any two boxes that still meet, a few passes at most. A node's box is its body, and for a major node (whose
 * label is always drawn) its body and label, grown a little since the label's size follows the final zoom.
 */
function separateOverlaps(nodes: cytoscape.NodeCollection) {
  const list = nodes.toArray() as NodeSingular[];
  const gap = 4;
  // Each box as its reach from the node's position, which moving the node does not change.
  const reach = list.map((node) => {
    const { x, y } = node.position();
    const major = node.hasClass("major");
    const box = node.boundingBox({ includeEdges: false, includeLabels: major });
    const grow = major ? 1.1 : 1;
    return {
      left: (x - box.x1) * grow + gap / 2,
      right: (box.x2 - x) * grow + gap / 2,
      top: (y - box.y1) * grow + gap / 2,
      bottom: (box.y2 - y) * grow + gap / 2,
    };
  });
  for (let pass = 0; pass < 40; pass++) {
    let moved = false;
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a, b, ra, rb] = [list[i], list[j], reach[i], reach[j]];
        if (!a || !b || !ra || !rb) continue;
        const pa = a.position();
        const pb = b.position();
        const overlapX =
          Math.min(pa.x + ra.right, pb.x + rb.right) - Math.max(pa.x - ra.left, pb.x - rb.left);
        const overlapY =
          Math.min(pa.y + ra.bottom, pb.y + rb.bottom) - Math.max(pa.y - ra.top, pb.y - rb.top);
        if (overlapX <= 0 || overlapY <= 0) continue;
        const sign = (delta: number) => (delta < 0 ? -1 : 1);
        if (overlapX < overlapY) {
          const push = (overlapX / 2) * sign(pb.x - pa.x);
          a.position({ x: pa.x - push, y: pa.y });
          b.position({ x: pb.x + push, y: pb.y });
        } else {
          const push = (overlapY / 2) * sign(pb.y - pa.y);
          a.position({ x: pa.x, y: pa.y - push });
          b.position({ x: pb.x, y: pb.y + push });
        }
        moved = true;
      }
    }
    if (!moved) return;
  }
}

function withSeededRandom(run: () => void) {
  const original = Math.random;
  let seed = 0x2f6b_1a3d;
  // mulberry32: a small, good-enough generator, so that the layout is the same at every load.
  Math.random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  try {
    run();
  } finally {
    Math.random = original;
  }
}
