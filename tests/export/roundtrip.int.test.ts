// Every export format, fetched over HTTP from the real app on the seeded graph and read back by a parser
// that is not the one that wrote it, holds the same nodes and edges (with their evidence) as Neo4j.
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import cytoscape from "cytoscape";
import { XMLParser } from "fast-xml-parser";
import { MultiDirectedGraph } from "graphology";
import { parse as parseGraphml } from "graphology-graphml";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureSeeded } from "../helpers/graph.ts";
import { serveAppForSuite } from "../helpers/http.ts";
import { sharedNeo4j } from "../helpers/neo4j.ts";

const predicates = [
  "MEMBER_OF",
  "PARTICIPATED_IN",
  "CONTRIBUTED_TO",
  "REPRESENTS",
  "AFFILIATED_WITH",
  "HAS_THEME",
  "BROADER",
  "PART_OF",
  "RUNS",
  "INVOLVES",
  "AFFECTED",
  "USES_PRACTICE",
  "FOLLOWS",
];

/** Info-ZIP's unzip, a reader independent of the writer (fflate); .ci/run installs it. */
function unzip(zip: string, member: string): string {
  try {
    return execFileSync("unzip", ["-p", zip, member], { encoding: "utf8" });
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") {
      throw new Error(
        "unzip is missing: the CSV export test reads the zip with Info-ZIP's unzip (apt-get install unzip)",
      );
    }
    throw error;
  }
}

interface Expected {
  nodes: Map<string, string>; // id -> type
  edges: Map<string, string>; // factId -> "source>TYPE>target"
  quotes: Map<string, string[]>; // factId -> sorted quotes of its citations
}

describe("graph exports", () => {
  const server = serveAppForSuite({
    before: async (driver) => {
      await driver.executeQuery("MATCH (n) DETACH DELETE n");
      await ensureSeeded(driver, sharedNeo4j().database);
    },
  });
  const { driver } = server;
  let whole: Expected;

  /** What Neo4j holds, read with Cypher of its own (not the exporter's). */
  async function expected(ids?: string[]): Promise<Expected> {
    const nodes = await driver.executeQuery(
      `MATCH (n:Entity) WHERE NOT n:Source AND ($ids IS NULL OR n.id IN $ids)
       RETURN n.id AS id, [l IN labels(n) WHERE l <> 'Entity'][0] AS type`,
      { ids: ids ?? null },
    );
    const edges = await driver.executeQuery(
      `MATCH (a:Entity)-[r]->(b:Entity) WHERE type(r) IN $predicates AND ($ids IS NULL OR (a.id IN $ids AND b.id IN $ids))
       OPTIONAL MATCH (:Fact {id: r.factId})-[c:CITED_IN]->(:Source)
       RETURN r.factId AS id, a.id + '>' + type(r) + '>' + b.id AS edge, collect(c.quote) AS quotes`,
      { ids: ids ?? null, predicates },
    );
    return {
      nodes: new Map(nodes.records.map((r) => [r.get("id"), r.get("type")])),
      edges: new Map(edges.records.map((r) => [r.get("id"), r.get("edge")])),
      quotes: new Map(edges.records.map((r) => [r.get("id"), [...r.get("quotes")].sort()])),
    };
  }

  async function download(query: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${server.url}/export/${query}`, { headers });
    return response;
  }

  beforeAll(async () => {
    whole = await expected();
  });

  it("reads a seeded graph with facts and their evidence", () => {
    expect(whole.nodes.get("organization:icrc")).toBe("Organization");
    expect(whole.nodes.size).toBeGreaterThan(50);
    expect(whole.edges.size).toBeGreaterThan(100);
    expect([...whole.quotes.values()].every((quotes) => quotes.length > 0)).toBe(true);
  });

  it("GEXF: Gephi's format, read back by fast-xml-parser, holds every node, edge and quote", async () => {
    const response = await download("gexf");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/gexf\+xml/);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="btech-graph-all.gexf"');
    const xml = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "",
      isArray: (name) => ["node", "edge", "attvalue", "attribute", "attributes"].includes(name),
    }).parse(await response.text());
    const graph = xml.gexf.graph;
    interface GexfElement {
      id: string;
      source: string;
      target: string;
      attvalues?: { attvalue: { for: string; value: string }[] };
    }
    const nodeAttr = (element: GexfElement, key: string) =>
      element.attvalues?.attvalue.find((value) => value.for === key)?.value;
    const nodes = new Map<string, string>(
      graph.nodes.node.map((node: GexfElement) => [node.id, nodeAttr(node, "type")]),
    );
    expect(nodes).toEqual(whole.nodes);
    const edges = graph.edges.edge.map((edge: GexfElement) => [
      edge.id,
      `${edge.source}>${nodeAttr(edge, "type")}>${edge.target}`,
    ]);
    expect(new Map(edges)).toEqual(whole.edges);
    for (const edge of graph.edges.edge) {
      const evidence = JSON.parse(nodeAttr(edge, "evidence") ?? "[]") as { quote: string }[];
      expect(evidence.map((citation) => citation.quote).sort()).toEqual(whole.quotes.get(edge.id));
      expect(["STATED", "INFERRED"]).toContain(nodeAttr(edge, "basis"));
    }
  });

  it("GraphML, read back by fast-xml-parser and by graphology-graphml, holds every node, edge and quote", async () => {
    const response = await download("graphml");
    expect(response.headers.get("content-type")).toMatch(/^application\/graphml\+xml/);
    const text = await response.text();
    const g = parseGraphml(MultiDirectedGraph, text);
    expect(new Map(g.mapNodes((id, attributes) => [id, attributes.type]))).toEqual(whole.nodes);
    expect(
      new Map(g.mapEdges((id, attributes, source, target) => [id, `${source}>${attributes.type}>${target}`])),
    ).toEqual(whole.edges);
    g.forEachEdge((id, attributes) => {
      const quotes = (JSON.parse(attributes.evidence) as { quote: string }[])
        .map((citation) => citation.quote)
        .sort();
      expect(quotes).toEqual(whole.quotes.get(id));
    });
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(text);
    expect(xml.graphml.graph.node).toHaveLength(whole.nodes.size);
    expect(xml.graphml.graph.edge).toHaveLength(whole.edges.size);
  });

  it("Cytoscape.js JSON loads into Cytoscape.js with every node, edge and quote", async () => {
    const response = await download("cytoscape");
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("content-disposition")).toMatch(/filename="btech-graph-all\.cyjs\.json"/);
    const json = await response.json();
    const cy = cytoscape({ headless: true, elements: json.elements });
    expect(new Map(cy.nodes().map((node) => [node.id(), node.data("type")]))).toEqual(whole.nodes);
    expect(
      new Map(
        cy
          .edges()
          .map((edge) => [edge.id(), `${edge.source().id()}>${edge.data("type")}>${edge.target().id()}`]),
      ),
    ).toEqual(whole.edges);
    cy.edges().forEach((edge) => {
      expect(
        edge
          .data("evidence")
          .map((c: { quote: string }) => c.quote)
          .sort(),
      ).toEqual(whole.quotes.get(edge.id()));
    });
  });

  it("D3 {nodes, links} JSON has every node and link, links pointing at node ids", async () => {
    const json = await (await download("d3")).json();
    expect(new Map(json.nodes.map((node: { id: string; type: string }) => [node.id, node.type]))).toEqual(
      whole.nodes,
    );
    expect(
      new Map(
        json.links.map((link: { id: string; source: string; type: string; target: string }) => [
          link.id,
          `${link.source}>${link.type}>${link.target}`,
        ]),
      ),
    ).toEqual(whole.edges);
    for (const link of json.links) expect(link.evidence.length).toBe(whole.quotes.get(link.id)?.length);
  });

  it("CSV: a zip (opened by unzip) of neo4j-admin node and relationship files, read back by csv-parse", async () => {
    const response = await download("csv");
    expect(response.headers.get("content-type")).toBe("application/zip");
    const folder = await mkdtemp(path.join(tmpdir(), "btech-export-"));
    try {
      const zip = path.join(folder, "export.zip");
      await writeFile(zip, Buffer.from(await response.arrayBuffer()));
      const nodesCsv = unzip(zip, "nodes.csv");
      const relationshipsCsv = unzip(zip, "relationships.csv");
      const nodes = parseCsv(nodesCsv, { columns: true }) as Record<string, string>[];
      expect(Object.keys(nodes[0] ?? {}).slice(0, 2)).toEqual(["id:ID", ":LABEL"]);
      expect(new Map(nodes.map((row) => [row["id:ID"], row[":LABEL"]?.split("|")[1]]))).toEqual(whole.nodes);
      const relationships = parseCsv(relationshipsCsv, { columns: true }) as Record<string, string>[];
      const header = Object.keys(relationships[0] ?? {});
      expect(header.slice(0, 3)).toEqual([":START_ID", ":END_ID", ":TYPE"]);
      expect(header).toContain("since:int");
      expect(
        new Map(
          relationships.map((row) => [row.factId, `${row[":START_ID"]}>${row[":TYPE"]}>${row[":END_ID"]}`]),
        ),
      ).toEqual(whole.edges);
      for (const row of relationships) {
        const quotes = (JSON.parse(row.evidence ?? "[]") as { quote: string }[]).map((c) => c.quote).sort();
        expect(quotes).toEqual(whole.quotes.get(row.factId ?? ""));
      }
      const part = await download("csv?part=nodes");
      expect(part.headers.get("content-type")).toMatch(/^text\/csv/);
      expect(await part.text()).toBe(nodesCsv);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("exports a node's neighbourhood to a depth", async () => {
    const hops = await driver.executeQuery(
      `MATCH (s:Entity {id: 'organization:icrc'})-[r*0..2]-(n:Entity) WHERE NOT n:Source AND all(x IN r WHERE type(x) IN $predicates)
       RETURN collect(DISTINCT n.id) AS ids`,
      { predicates },
    );
    const want = await expected(hops.records[0]?.get("ids"));
    const response = await download("d3?node=organization:icrc&depth=2");
    expect(response.headers.get("content-disposition")).toMatch(
      /btech-graph-node-organization-icrc-depth-2\.d3\.json/,
    );
    const json = await response.json();
    expect(new Set(json.nodes.map((node: { id: string }) => node.id))).toEqual(new Set(want.nodes.keys()));
    expect(new Set(json.links.map((link: { id: string }) => link.id))).toEqual(new Set(want.edges.keys()));
    expect(want.nodes.size).toBeLessThan(whole.nodes.size);
  });

  it("exports a theme, a year and the result of a GraphQL selection", async () => {
    const theme = await (await download("d3?theme=theme:remedy")).json();
    const ids = theme.nodes.map((node: { id: string }) => node.id);
    expect(ids).toContain("theme:remedy");
    expect(ids).toContain("event:cop-2022-05-17");
    for (const link of theme.links) expect(ids).toEqual(expect.arrayContaining([link.source, link.target]));

    const year = await (await download("d3?year=2022")).json();
    expect(year.nodes.map((node: { id: string }) => node.id)).toContain("event:cop-2022-05-17");
    expect((await (await download("d3?year=1999")).json()).nodes).toEqual([]);

    const query = '{ events(where: { id: { eq: "event:cop-2022-05-17" } }) { id themes { id } } }';
    // A query selection is refused as a possible cross-site request without a preflight header, as on /graphql.
    const selected = await (
      await download(`d3?query=${encodeURIComponent(query)}`, { "apollo-require-preflight": "true" })
    ).json();
    const selectedIds = selected.nodes.map((node: { id: string }) => node.id);
    expect(selectedIds).toContain("event:cop-2022-05-17");
    expect(selectedIds).toContain("theme:remedy");
    const want = await expected(selectedIds);
    expect(new Set(selected.links.map((link: { id: string }) => link.id))).toEqual(
      new Set(want.edges.keys()),
    );
  });

  it("says what is wrong with a bad request, and refuses mutations", async () => {
    const cases: [string, number, RegExp][] = [
      ["pdf", 400, /unknown export format "pdf"/],
      ["gexf?node=company:nobody", 404, /no node with id "company:nobody"/],
      ["gexf?theme=theme:nothing", 404, /no theme/],
      ["gexf?node=organization:icrc&depth=9", 400, /depth must be a whole number from 0 to 5/],
      ["gexf?node=organization:icrc&year=2022", 400, /choose one of/],
      ["gexf?part=nodes", 400, /part applies to csv only/],
      [
        `gexf?query=${encodeURIComponent("mutation { deleteCompanies { nodesDeleted } }")}`,
        400,
        /must be a query, not a mutation/,
      ],
    ];
    for (const [query, status, message] of cases) {
      const response = await download(query);
      expect(response.status, query).toBe(status);
      expect((await response.json()).error, query).toMatch(message);
    }
    expect((await expected()).nodes.size).toBe(whole.nodes.size);
  });
});
