import type { Core } from "cytoscape";
import { type ExportFormatName, exportFormats } from "../../src/export/formats/index.ts";
import type { ExportGraph } from "../../src/export/graph.ts";
import { notice } from "./dom.ts";

/** Downloads what the graph shows, in an export format (the same writers as /export) or as a PNG image. */
export function downloadView(cy: Core, graph: ExportGraph, format: string) {
  const visible = new Set(
    cy
      .nodes()
      .not(".hidden")
      .map((node) => node.id()),
  );
  const view: ExportGraph = {
    nodes: graph.nodes.filter((node) => visible.has(node.id)),
    edges: graph.edges.filter((edge) => visible.has(edge.source) && visible.has(edge.target)),
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
