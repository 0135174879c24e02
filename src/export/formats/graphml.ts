import { type ColumnType, type ExportGraph, type PropertyValue, propertyColumns } from "../graph.ts";

// graphology-graphml only parses, so GraphML is written here; tests/export reads it back with two
// independent parsers (fast-xml-parser and graphology-graphml).

const graphmlType: Record<ColumnType, string> = {
  string: "string",
  date: "string",
  int: "long",
  float: "double",
  boolean: "boolean",
  "string[]": "string",
};

/**
 * GraphML (yEd, Gephi, Cytoscape desktop, NetworkX, APOC's `apoc.import.graphml`): typed `<key>`
 * declarations, nodes with their type (and `labels` as APOC reads it), edges with their type (`label`),
 * basis, properties and evidence. Lists and the evidence are JSON text, since GraphML data are scalars.
 */
export function toGraphml(graph: ExportGraph): string {
  const nodeColumns = new Map<string, ColumnType>([
    ["labels", "string"],
    ["type", "string"],
    ["name", "string"],
    ...propertyColumns(graph.nodes.map((node) => node.properties)),
    ["evidence", "string"],
  ]);
  const edgeColumns = new Map<string, ColumnType>([
    ["label", "string"],
    ["type", "string"],
    ["basis", "string"],
    ...propertyColumns(graph.edges.map((edge) => edge.properties)),
    ["evidence", "string"],
  ]);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  for (const [name, type] of nodeColumns) {
    lines.push(
      `  <key id="n.${attr(name)}" for="node" attr.name="${attr(name)}" attr.type="${graphmlType[type]}"/>`,
    );
  }
  for (const [name, type] of edgeColumns) {
    lines.push(
      `  <key id="e.${attr(name)}" for="edge" attr.name="${attr(name)}" attr.type="${graphmlType[type]}"/>`,
    );
  }
  lines.push('  <graph id="btech-graph" edgedefault="directed">');
  for (const node of graph.nodes) {
    const values: Record<string, PropertyValue> = {
      labels: `:${node.type}`,
      type: node.type,
      name: node.name,
      ...node.properties,
      evidence: JSON.stringify(node.evidence),
    };
    lines.push(`    <node id="${attr(node.id)}">`, ...dataLines("n", values), "    </node>");
  }
  for (const edge of graph.edges) {
    const values: Record<string, PropertyValue> = {
      label: edge.type,
      type: edge.type,
      basis: edge.basis,
      ...edge.properties,
      evidence: JSON.stringify(edge.evidence),
    };
    lines.push(
      `    <edge id="${attr(edge.id)}" source="${attr(edge.source)}" target="${attr(edge.target)}">`,
      ...dataLines("e", values),
      "    </edge>",
    );
  }
  lines.push("  </graph>", "</graphml>", "");
  return lines.join("\n");
}

function dataLines(prefix: string, values: Record<string, PropertyValue>): string[] {
  return Object.entries(values).map(([key, value]) => {
    const text = Array.isArray(value) ? JSON.stringify(value) : String(value);
    return `      <data key="${prefix}.${attr(key)}">${escapeText(text)}</data>`;
  });
}

/** Escapes text content; characters XML 1.0 cannot carry at all are dropped rather than written. */
function escapeText(value: string): string {
  return stripInvalid(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function attr(value: string): string {
  return escapeText(value)
    .replace(/"/g, "&quot;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;")
    .replace(/\t/g, "&#9;");
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters XML forbids
const invalidXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function stripInvalid(value: string): string {
  return value.replace(invalidXml, "");
}
