// Analytics with the selectors asOf and source, through the served GraphQL API on the invented documents of
// tests/fixtures/select/ (imported through the importer): each answer is the hand count of the fixture, and
// answers differ between two days and between two sources (which also proves the answer cache keys on both).
import { UndirectedGraph } from "graphology";
import { describe, expect, it } from "vitest";
import { bipartite, degree, shortestPath } from "../../src/analytics/algorithms.ts";
import type { AnalyticsTarget } from "../../src/analytics/gds.ts";
import {
  alpha,
  beta,
  days,
  degrees,
  type Expected,
  expected,
  importSelectorFixture,
  removeSelectorFixture,
} from "../fixtures/select/fixture.ts";
import { postGraphQL, serveAppForSuite } from "../helpers/http.ts";
import { sharedNeo4j } from "../helpers/neo4j.ts";
import { pagerank as pagerankReference } from "./reference.ts";

const server = serveAppForSuite({
  before: (driver) => importSelectorFixture(driver, sharedNeo4j().database),
  after: removeSelectorFixture,
});
const target = (): AnalyticsTarget => ({
  driver: server.driver,
  database: sharedNeo4j().database,
  limits: { maxNodes: 10_000, maxRelationships: 100_000, timeoutMs: 60_000, maxHeapPercent: 30 },
});

const centralityQuery = (field: "degreeCentrality" | "pageRank") => `
  query Selected($asOf: Date, $source: ID) {
    ${field}(projection: { preset: ECOSYSTEM }, asOf: $asOf, source: $source, limit: 100${field === "pageRank" ? ", maxIterations: 200, tolerance: 1e-10" : ""}) {
      projection { description asOf source nodeCount relationshipCount }
      total
      scores { score node { id } }
    }
  }`;

async function centrality(field: "degreeCentrality" | "pageRank", variables: Record<string, unknown>) {
  const { status, body } = await postGraphQL(server.url, centralityQuery(field), variables);
  expect(body.errors).toBeUndefined();
  expect(status).toBe(200);
  const result = body.data[field] as {
    projection: {
      description: string;
      asOf: string | null;
      source: string | null;
      nodeCount: number;
      relationshipCount: number;
    };
    total: number;
    scores: { score: number; node: { id: string } }[];
  };
  return { ...result, byId: new Map(result.scores.map((entry) => [entry.node.id, entry.score])) };
}

/**
 * PageRank of the hand-counted graph by graphology: each linked node's share of the linked nodes' rank, and
 * the isolated nodes (which keep GDS's base score 1 - d and pass nothing on; graphology would spread their
 * rank over everyone).
 */
function pagerankOf(graph: Expected): { shares: Map<string, number>; isolated: string[] } {
  const connected = new UndirectedGraph();
  for (const pair of graph.links) {
    const [a = "", b = ""] = pair.split("|");
    connected.mergeUndirectedEdge(a, b);
  }
  const shares = pagerankReference(connected, {
    alpha: 0.85,
    tolerance: 1e-12,
    maxIterations: 1000,
    getEdgeWeight: null,
  });
  return {
    shares: new Map(Object.entries(shares)),
    isolated: graph.nodes.filter((node) => !connected.hasNode(node)),
  };
}

describe("degree centrality with asOf and source", () => {
  it.each([
    ["alpha as of the early day", { asOf: days.early, source: alpha }, expected.alphaEarly],
    ["alpha as of the late day", { asOf: days.late, source: alpha }, expected.alphaLate],
    ["beta, every day", { source: beta }, expected.beta],
    ["beta as of the early day", { asOf: days.early, source: beta }, expected.betaEarly],
  ])(
    "%s: each node's degree is the hand count's",
    async (_, variables: { asOf?: string; source: string }, graph) => {
      const result = await centrality("degreeCentrality", variables);
      expect(result.projection).toMatchObject({
        asOf: variables.asOf ?? null,
        source: variables.source,
        nodeCount: graph.nodes.length,
        // Undirected links are loaded both ways.
        relationshipCount: 2 * graph.links.length,
      });
      expect(result.projection.description).toContain(`as ${variables.source} tells it`);
      expect(Object.fromEntries(result.byId)).toEqual(Object.fromEntries(degrees(graph)));
    },
  );
});

describe("PageRank with asOf", () => {
  it("differs between the two days as the hand-counted graphs do (and is not the cached answer of the other day)", async () => {
    for (const [asOf, graph] of [
      [days.early, expected.alphaEarly],
      [days.late, expected.alphaLate],
    ] as const) {
      const result = await centrality("pageRank", { asOf, source: alpha });
      expect([...result.byId.keys()].sort()).toEqual([...graph.nodes].sort());
      const { shares, isolated } = pagerankOf(graph);
      for (const id of isolated) expect(result.byId.get(id), id).toBeCloseTo(0.15, 6);
      const total = [...shares.keys()].reduce((sum, id) => sum + (result.byId.get(id) ?? 0), 0);
      for (const [id, share] of shares) {
        expect(Math.abs((result.byId.get(id) ?? 0) / total - share), id).toBeLessThan(1e-4);
      }
    }
    // Cirrus Cloud is isolated in 2021 (its membership begins in 2022-09) and linked in 2023.
    const early = await centrality("pageRank", { asOf: days.early, source: alpha });
    const late = await centrality("pageRank", { asOf: days.late, source: alpha });
    expect(early.byId.get("company:sel-cirrus")).toBeCloseTo(0.15, 6);
    expect(late.byId.get("company:sel-cirrus")).toBeGreaterThan(0.3);
  });
});

describe("the other algorithms with selectors", () => {
  it("bipartite company-theme links walk only what held that day", async () => {
    const early = await bipartite(target(), "company-theme", { asOf: days.early, source: alpha });
    const late = await bipartite(target(), "company-theme", { asOf: days.late, source: alpha });
    const links = (result: typeof early) =>
      result.links
        .map(
          (entry) =>
            `${entry.source.id}>${entry.target.id} via ${entry.via.map((node) => node.id).join(",")}`,
        )
        .sort();
    expect(links(early)).toEqual([
      "company:sel-aurora>theme:sel-remedy via event:sel-meeting-2021-05-10",
      "company:sel-boreal>theme:sel-remedy via event:sel-meeting-2021-05-10",
    ]);
    expect(links(late)).toEqual([
      "company:sel-aurora>theme:sel-remedy via event:sel-meeting-2021-05-10",
      "company:sel-boreal>theme:sel-remedy via event:sel-meeting-2021-05-10",
      "company:sel-cirrus>theme:sel-remedy via event:sel-meeting-2023-04-12",
    ]);
  });

  it("bipartite links on a day before anything held are none, not an error (the fuzzer's find)", async () => {
    const before = await bipartite(target(), "company-theme", { asOf: "2000-01-01", source: alpha });
    expect(before.links).toEqual([]);
    const { status, body } = await postGraphQL(
      server.url,
      `{ bipartiteProjection(preset: COMPANY_THEME, asOf: "2000-01-01") { links { weight } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    expect(body.data.bipartiteProjection.links).toEqual([]);
  });

  it("a shortest path exists only on the days its links held", async () => {
    const options = { from: "company:sel-cirrus", to: "theme:sel-remedy", source: alpha };
    const early = await shortestPath(target(), { preset: "ecosystem" }, { ...options, asOf: days.early });
    expect(early.found).toBe(false);
    const late = await shortestPath(target(), { preset: "ecosystem" }, { ...options, asOf: days.late });
    expect(late).toMatchObject({ found: true, length: 2 });
    expect(late.nodes.map((node) => node.id)).toEqual([
      "company:sel-cirrus",
      "event:sel-meeting-2023-04-12",
      "theme:sel-remedy",
    ]);
    expect(late.steps[0]?.evidence[0]?.citations.map((citation) => citation.sourceId)).toEqual([alpha]);
  });
});

describe("refusals", () => {
  it("an unknown source, naming the graph's sources", async () => {
    const { body } = await postGraphQL(server.url, centralityQuery("degreeCentrality"), {
      source: "source:nope",
    });
    expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(body.errors?.[0]?.message).toMatch(
      /^source=source:nope: no such source; the graph's sources are (source:[a-z0-9-]+, )*source:test-select-alpha, source:test-select-beta/,
    );
  });

  it("a day that is not one, and an id the selectors leave out", async () => {
    await expect(degree(target(), {}, { asOf: "2022-02-30" })).rejects.toThrow(
      "Invalid options for degreeCentrality: asOf: 2022-02-30 is not a day of the calendar.",
    );
    await expect(
      shortestPath(target(), {}, { from: "company:sel-delta", to: "programme:sel-circle", source: alpha }),
    ).rejects.toThrow(
      `from "company:sel-delta" is not in the graph as ${alpha} tells it: choose another id, or other selectors.`,
    );
  });
});
