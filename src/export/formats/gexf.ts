import { MultiDirectedGraph } from "graphology";
import { write } from "graphology-gexf";
import type { ExportGraph, PropertyValue } from "../graph.ts";
import { typeColours } from "../palette.ts";

/**
 * GEXF 1.3 for Gephi, written by graphology-gexf. Node and edge attributes are declared and typed;
 * lists and the evidence (a list of citations) are JSON text, since GEXF attributes are scalars. Nodes
 * carry their type's colour, so Gephi opens the file coloured as the explorer draws it.
 */
export function toGexf(graph: ExportGraph): string {
  const g = new MultiDirectedGraph();
  for (const node of graph.nodes) {
    g.addNode(node.id, {
      label: node.name,
      color: typeColours[node.type] ?? typeColours.default,
      ...scalarAttributes({ type: node.type, ...node.properties }),
      evidence: JSON.stringify(node.evidence),
    });
  }
  for (const edge of graph.edges) {
    g.addDirectedEdgeWithKey(edge.id, edge.source, edge.target, {
      label: edge.type,
      ...scalarAttributes({ type: edge.type, basis: edge.basis, ...edge.properties }),
      evidence: JSON.stringify(edge.evidence),
    });
  }
  return write(g, { version: "1.3" });
}

/** GEXF attribute values must be scalars: lists become JSON text. */
export function scalarAttributes(
  bag: Record<string, PropertyValue>,
): Record<string, string | number | boolean> {
  return Object.fromEntries(
    Object.entries(bag).map(([key, value]) => [key, Array.isArray(value) ? JSON.stringify(value) : value]),
  );
}
