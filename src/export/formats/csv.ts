import { stringify } from "csv-stringify/browser/esm/sync";
import { strToU8, zipSync } from "fflate";
import { type ColumnType, type ExportGraph, type PropertyValue, propertyColumns } from "../graph.ts";

/**
 * The separator of list values inside one CSV field: neo4j-admin's default (`--array-delimiter=';'`) is
 * `;`, which quotes in this graph contain, so lists use `|` and the import command says so.
 */
export const arrayDelimiter = "|";

/** The `neo4j-admin database import full` command that loads the two files into an empty database. */
export const neo4jAdminImportCommand = `neo4j-admin database import full --array-delimiter="${arrayDelimiter}" --nodes=nodes.csv --relationships=relationships.csv neo4j`;

/**
 * Node file in neo4j-admin's header convention: `id:ID`, `:LABEL` (the type and `Entity`, as in the
 * graph), typed property columns (`since:int`, `date:date`, `flags:string[]`), and the evidence as JSON.
 */
export function toNodesCsv(graph: ExportGraph): string {
  const columns = propertyColumns(graph.nodes.map((node) => node.properties));
  const header = ["id:ID", ":LABEL", "name", ...typedHeader(columns), "evidence"];
  const rows = graph.nodes.map((node) => [
    node.id,
    `Entity${arrayDelimiter}${node.type}`,
    node.name,
    ...cells(columns, node.properties),
    JSON.stringify(node.evidence),
  ]);
  return stringify([header, ...rows]);
}

/**
 * Relationship file in neo4j-admin's header convention: `:START_ID`, `:END_ID`, `:TYPE`, then `factId`
 * (the Fact node behind it), `basis`, typed properties and the evidence as JSON.
 */
export function toRelationshipsCsv(graph: ExportGraph): string {
  const columns = propertyColumns(graph.edges.map((edge) => edge.properties));
  const header = [":START_ID", ":END_ID", ":TYPE", "factId", "basis", ...typedHeader(columns), "evidence"];
  const rows = graph.edges.map((edge) => [
    edge.source,
    edge.target,
    edge.type,
    edge.id,
    edge.basis,
    ...cells(columns, edge.properties),
    JSON.stringify(edge.evidence),
  ]);
  return stringify([header, ...rows]);
}

/** Both CSV files in one zip, with the import command in a README. */
export function toCsvZip(graph: ExportGraph): Uint8Array {
  return zipSync({
    "nodes.csv": strToU8(toNodesCsv(graph)),
    "relationships.csv": strToU8(toRelationshipsCsv(graph)),
    "README.txt": strToU8(
      `btech-graph export in the neo4j-admin import header convention.\nLoad it into an empty database with:\n\n  ${neo4jAdminImportCommand}\n\nThe evidence column holds the citations as JSON: source, sourceTitle, section, quote, basis (STATED or INFERRED), reason.\n`,
    ),
  });
}

function typedHeader(columns: Map<string, ColumnType>): string[] {
  return [...columns].map(([name, type]) => (type === "string" ? name : `${name}:${type}`));
}

function cells(columns: Map<string, ColumnType>, bag: Record<string, PropertyValue>): string[] {
  return [...columns.keys()].map((name) => {
    const value = bag[name];
    if (value === undefined) return "";
    if (Array.isArray(value)) {
      if (value.some((item) => item.includes(arrayDelimiter))) {
        throw new Error(
          `${name} holds a value with "${arrayDelimiter}", the CSV array delimiter: ${JSON.stringify(value)}`,
        );
      }
      return value.join(arrayDelimiter);
    }
    return String(value);
  });
}
