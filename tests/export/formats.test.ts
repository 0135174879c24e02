// The writers on a small graph full of awkward text (XML and CSV metacharacters, newlines, quotes, accents,
// emoji, a control character), read back by parsers that did not write it: every value survives.
import { parse as parseCsv } from "csv-parse/sync";
import { XMLParser } from "fast-xml-parser";
import { strFromU8, unzipSync } from "fflate";
import { MultiDirectedGraph } from "graphology";
import { parse as parseGexf } from "graphology-gexf";
import { parse as parseGraphml } from "graphology-graphml";
import { describe, expect, it } from "vitest";
import { toCsvZip, toNodesCsv, toRelationshipsCsv } from "../../src/export/formats/csv.ts";
import { toGexf } from "../../src/export/formats/gexf.ts";
import { toGraphml } from "../../src/export/formats/graphml.ts";
import { toCytoscape, toD3 } from "../../src/export/formats/json.ts";
import { type ExportGraph, propertyColumns } from "../../src/export/graph.ts";

const awkward = `Tom & Jerry's <"quoted"> text, with; commas\nand a new line — Türk, 東京, 🌍`;

const graph: ExportGraph = {
  nodes: [
    {
      id: "company:a&b",
      type: "Company",
      name: awkward,
      properties: { description: awkward, aliases: ["A & B", "A;B", 'say "hi"'], country: "España" },
      evidence: [
        { source: "source:x", sourceTitle: "X <review>", section: "S & T", quote: awkward, basis: "STATED" },
      ],
    },
    {
      id: "event:2022-05-17",
      type: "Event",
      name: "Session\u0007 with a bell",
      properties: { date: "2022-05-17", kind: "SESSION", flags: ["Odd: 'label' reused"] },
      evidence: [],
    },
  ],
  edges: [
    {
      id: "fact:participated_in:company:a&b:event:2022-05-17",
      source: "company:a&b",
      target: "event:2022-05-17",
      type: "PARTICIPATED_IN",
      basis: "INFERRED",
      properties: { since: 2022, flags: ["x"] },
      evidence: [
        {
          source: "source:x",
          sourceTitle: "X",
          section: "PARTICIPANTS",
          quote: awkward,
          basis: "INFERRED",
          reason: "Members attend; the source says so < once >.",
        },
      ],
    },
  ],
};

describe("export writers", () => {
  it("infers typed columns from the values", () => {
    const columns = propertyColumns([
      { since: 2022, date: "2022-05-17", flags: ["a"], name: "x", weight: 1 },
      { since: 2023, date: "2022-06-01", weight: 1.5 },
    ]);
    expect(Object.fromEntries(columns)).toEqual({
      date: "date",
      flags: "string[]",
      name: "string",
      since: "int",
      weight: "float",
    });
  });

  it("GraphML keeps every value, as fast-xml-parser and graphology-graphml read it", () => {
    const text = toGraphml(graph);
    const g = parseGraphml(MultiDirectedGraph, text);
    expect(g.getNodeAttribute("company:a&b", "name")).toBe(awkward);
    expect(JSON.parse(g.getNodeAttribute("company:a&b", "aliases"))).toEqual(["A & B", "A;B", 'say "hi"']);
    // XML 1.0 cannot carry a bell character: it is dropped, the rest kept.
    expect(g.getNodeAttribute("event:2022-05-17", "name")).toBe("Session with a bell");
    const [edge] = g.edges("company:a&b", "event:2022-05-17");
    expect(g.getEdgeAttribute(edge, "since")).toBe(2022);
    expect(JSON.parse(g.getEdgeAttribute(edge, "evidence"))).toEqual(graph.edges[0]?.evidence);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(text);
    expect(xml.graphml.key.find((key: { id: string }) => key.id === "e.since")["attr.type"]).toBe("long");
  });

  it("GEXF keeps every value, as graphology-gexf's parser reads it", () => {
    const g = parseGexf(MultiDirectedGraph, toGexf(graph));
    expect(g.getNodeAttribute("company:a&b", "label")).toBe(awkward);
    expect(g.getNodeAttribute("company:a&b", "description")).toBe(awkward);
    expect(g.getNodeAttribute("company:a&b", "color")).toBeDefined();
    const [edge] = g.edges();
    expect(JSON.parse(g.getEdgeAttribute(edge, "evidence"))).toEqual(graph.edges[0]?.evidence);
    expect(g.getEdgeAttribute(edge, "basis")).toBe("INFERRED");
  });

  it("the JSON formats keep everything as it is", () => {
    const cy = JSON.parse(toCytoscape(graph));
    expect(cy.elements.nodes[0].data).toMatchObject({ id: "company:a&b", name: awkward, type: "Company" });
    expect(cy.elements.edges[0].data.evidence).toEqual(graph.edges[0]?.evidence);
    const d3 = JSON.parse(toD3(graph));
    expect(d3.links[0]).toMatchObject({ source: "company:a&b", target: "event:2022-05-17", since: 2022 });
  });

  it("CSV files follow neo4j-admin's header convention and keep every value, as csv-parse reads them", () => {
    const nodes = parseCsv(toNodesCsv(graph), { columns: true }) as Record<string, string>[];
    expect(Object.keys(nodes[0] ?? {})).toEqual([
      "id:ID",
      ":LABEL",
      "name",
      "aliases:string[]",
      "country",
      "date:date",
      "description",
      "flags:string[]",
      "kind",
      "evidence",
    ]);
    expect(nodes[0]).toMatchObject({ "id:ID": "company:a&b", ":LABEL": "Entity|Company", name: awkward });
    expect(nodes[0]?.["aliases:string[]"]?.split("|")).toEqual(["A & B", "A;B", 'say "hi"']);
    const relationships = parseCsv(toRelationshipsCsv(graph), { columns: true }) as Record<string, string>[];
    expect(relationships[0]).toMatchObject({
      ":TYPE": "PARTICIPATED_IN",
      "since:int": "2022",
      basis: "INFERRED",
    });
    expect(JSON.parse(relationships[0]?.evidence ?? "")).toEqual(graph.edges[0]?.evidence);
    const files = unzipSync(toCsvZip(graph));
    expect(Object.keys(files).sort()).toEqual(["README.txt", "nodes.csv", "relationships.csv"]);
    expect(strFromU8(files["README.txt"] ?? new Uint8Array())).toContain('--array-delimiter="|"');
  });

  it("refuses to write a list item that holds the CSV array delimiter rather than split it silently", () => {
    const bad: ExportGraph = {
      nodes: [
        { id: "company:x", type: "Company", name: "X", properties: { aliases: ["a|b"] }, evidence: [] },
      ],
      edges: [],
    };
    expect(() => toNodesCsv(bad)).toThrow(/aliases holds a value with "\|"/);
  });
});
