import type { ExportEdge, ExportGraph, ExportNode } from "../graph.ts";

/**
 * Cytoscape.js elements JSON (what `cy.json()` writes and `cytoscape({ elements })` reads; Cytoscape
 * desktop imports it too): every node and edge keeps its type, id, properties and evidence in `data`.
 */
export function toCytoscape(graph: ExportGraph): string {
  return JSON.stringify(
    {
      format_version: "1.0",
      generated_by: "btech-graph",
      target_cytoscapejs_version: "~3.34",
      elements: {
        nodes: graph.nodes.map((node) => ({ data: nodeRecord(node) })),
        edges: graph.edges.map((edge) => ({ data: edgeRecord(edge) })),
      },
    },
    null,
    2,
  );
}

/** `{nodes, links}` as d3-force's `forceLink` reads it: links point at node ids through `source`/`target`. */
export function toD3(graph: ExportGraph): string {
  return JSON.stringify({ nodes: graph.nodes.map(nodeRecord), links: graph.edges.map(edgeRecord) }, null, 2);
}

function nodeRecord(node: ExportNode) {
  return { id: node.id, type: node.type, name: node.name, ...node.properties, evidence: node.evidence };
}

function edgeRecord(edge: ExportEdge) {
  return {
    id: edge.id,
    source: edge.source,
    target: edge.target,
    type: edge.type,
    basis: edge.basis,
    ...edge.properties,
    evidence: edge.evidence,
  };
}
