import type { ExportGraph } from "../graph.ts";
import { toCsvZip, toNodesCsv, toRelationshipsCsv } from "./csv.ts";
import { toGexf } from "./gexf.ts";
import { toGraphml } from "./graphml.ts";
import { toCytoscape, toD3 } from "./json.ts";

/** One export format: how to serialize a graph, and how to name and label the file. */
export interface ExportFormat {
  /** A short sentence for help texts and the page's download menu. */
  title: string;
  extension: string;
  contentType: string;
  serialize(graph: ExportGraph): string | Uint8Array;
}

/** The export formats, by the name used in `/export/<name>` and `npm run export -- --format <name>`. */
export const exportFormats = {
  cytoscape: {
    title: "Cytoscape.js JSON",
    extension: "cyjs.json",
    contentType: "application/json; charset=utf-8",
    serialize: toCytoscape,
  },
  gexf: {
    title: "GEXF (Gephi)",
    extension: "gexf",
    contentType: "application/gexf+xml; charset=utf-8",
    serialize: toGexf,
  },
  graphml: {
    title: "GraphML",
    extension: "graphml",
    contentType: "application/graphml+xml; charset=utf-8",
    serialize: toGraphml,
  },
  d3: {
    title: "D3 {nodes, links} JSON",
    extension: "d3.json",
    contentType: "application/json; charset=utf-8",
    serialize: toD3,
  },
  csv: {
    title: "CSV for neo4j-admin import (zip of nodes.csv and relationships.csv)",
    extension: "csv.zip",
    contentType: "application/zip",
    serialize: toCsvZip,
  },
  "csv-nodes": {
    title: "CSV nodes file for neo4j-admin import",
    extension: "nodes.csv",
    contentType: "text/csv; charset=utf-8",
    serialize: toNodesCsv,
  },
  "csv-relationships": {
    title: "CSV relationships file for neo4j-admin import",
    extension: "relationships.csv",
    contentType: "text/csv; charset=utf-8",
    serialize: toRelationshipsCsv,
  },
} satisfies Record<string, ExportFormat>;

export type ExportFormatName = keyof typeof exportFormats;

export function isExportFormat(name: string): name is ExportFormatName {
  return Object.hasOwn(exportFormats, name);
}
