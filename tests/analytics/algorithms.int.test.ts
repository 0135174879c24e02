// Every algorithm's answer on the seeded graph, checked against an independent implementation (graphology
// and its published metrics) computed here on the same part of the graph, read with Cypher of the test's own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  betweenness,
  bipartite,
  degree,
  louvain,
  nodeSimilarity,
  pageRank,
  shortestPath,
  wcc,
} from "../../src/analytics/algorithms.ts";
import type { AnalyticsTarget } from "../../src/analytics/gds.ts";
import { clearGraph, ensureSeeded } from "../helpers/graph.ts";
import { sharedDriver, sharedNeo4j } from "../helpers/neo4j.ts";
import {
  type AbstractGraph,
  betweennessCentrality as betweennessReference,
  bidirectional,
  companyThemes,
  components,
  entityGraph,
  jaccard,
  louvain as louvainReference,
  modularity as modularityReference,
  outNeighbours,
  pagerank as pagerankReference,
  seededRandom,
} from "./reference.ts";

const driver = sharedDriver();
const target: AnalyticsTarget = {
  driver,
  database: sharedNeo4j().database,
  limits: { maxNodes: 10_000, maxRelationships: 100_000, timeoutMs: 60_000, maxHeapPercent: 30 },
};
const all = 10_000;

let ecosystem: AbstractGraph;

beforeAll(async () => {
  await clearGraph(driver);
  await ensureSeeded(driver);
  ecosystem = await entityGraph(driver);
});

afterAll(async () => {
  await driver.close();
});

const scoresById = (scores: { node: { id: string }; score: number }[]) =>
  new Map(scores.map((entry) => [entry.node.id, entry.score]));

describe("centrality on the ecosystem projection (every entity, every fact, undirected)", () => {
  it("projects exactly the nodes and links the graph holds", async () => {
    const result = await degree(target, { preset: "ecosystem" }, { limit: all });
    expect(result.projection.nodeCount).toBe(ecosystem.order);
    // Undirected links are loaded both ways.
    expect(result.projection.relationshipCount).toBe(2 * ecosystem.size);
    expect(ecosystem.size).toBeGreaterThan(100);
  });

  it("degree equals each node's number of neighbours", async () => {
    const result = await degree(target, { preset: "ecosystem" }, { limit: all });
    expect(result.total).toBe(ecosystem.order);
    for (const { node, score } of result.scores) expect(score).toBe(ecosystem.degree(node.id));
    // Ranked by score, highest first.
    const scores = result.scores.map((entry) => entry.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("PageRank agrees with graphology's, up to GDS's scale (it sums to the node count, not to 1)", async () => {
    const result = await pageRank(
      target,
      { preset: "ecosystem" },
      { limit: all, maxIterations: 200, tolerance: 1e-10 },
    );
    const gds = scoresById(result.scores);
    // Isolated nodes keep GDS's base score (1 - d) and pass nothing on; graphology would spread their
    // rank over everyone, so the reference runs on the connected nodes only.
    const connected = ecosystem.copy();
    for (const node of ecosystem.nodes()) {
      if (ecosystem.degree(node) === 0) {
        expect(gds.get(node)).toBeCloseTo(0.15, 6);
        connected.dropNode(node);
      }
    }
    const reference = pagerankReference(connected, {
      alpha: 0.85,
      tolerance: 1e-12,
      maxIterations: 1000,
      getEdgeWeight: null,
    });
    const gdsTotal = connected.nodes().reduce((sum, node) => sum + (gds.get(node) ?? 0), 0);
    for (const node of connected.nodes()) {
      expect(Math.abs((gds.get(node) ?? 0) / gdsTotal - (reference[node] ?? 0))).toBeLessThan(1e-4);
    }
  });

  it("betweenness agrees with graphology's (Brandes, each pair once)", async () => {
    const result = await betweenness(target, { preset: "ecosystem" }, { limit: all });
    const gds = scoresById(result.scores);
    const reference = betweennessReference(ecosystem, { normalized: false, getEdgeWeight: null });
    expect(gds.size).toBe(ecosystem.order);
    for (const node of ecosystem.nodes()) {
      expect(Math.abs((gds.get(node) ?? 0) - (reference[node] ?? 0))).toBeLessThan(1e-6);
    }
    expect(Math.max(...gds.values())).toBeGreaterThan(10);
  });

  it("answers only the asked types, ranked, and at most `limit` of them", async () => {
    const result = await pageRank(target, { preset: "ecosystem" }, { types: ["Theme"], limit: 5 });
    const themes = ecosystem.nodes().filter((id) => id.startsWith("theme:"));
    expect(result.total).toBe(themes.length);
    expect(result.scores).toHaveLength(5);
    expect(result.scores.every((entry) => entry.node.type === "Theme")).toBe(true);
    expect(result.scores.map((entry) => entry.rank)).toEqual([1, 2, 3, 4, 5]);
    const full = await pageRank(target, { preset: "ecosystem" }, { limit: all });
    const themeScores = full.scores.filter((entry) => entry.node.type === "Theme").slice(0, 5);
    expect(result.scores.map((entry) => entry.node.id)).toEqual(themeScores.map((entry) => entry.node.id));
  });
});

describe("communities", () => {
  it("Louvain's partition has the modularity GDS reports and as much as graphology's Louvain finds", async () => {
    const result = await louvain(target, { preset: "ecosystem" });
    const community = new Map<string, number>();
    for (const group of result.communities)
      for (const member of group.members) community.set(member.id, group.id);
    expect(community.size).toBe(ecosystem.order);
    // Modularity is undefined for isolated nodes' own weight: they count as their own communities.
    const ofGds = modularityReference(ecosystem, {
      getNodeCommunity: (node) => community.get(node) ?? -1,
      getEdgeWeight: null,
    });
    expect(result.modularity).not.toBeNull();
    expect(Math.abs((result.modularity ?? 0) - ofGds)).toBeLessThan(1e-6);
    const reference = louvainReference.detailed(ecosystem, { getEdgeWeight: null, rng: seededRandom(7) });
    expect(Math.abs(ofGds - reference.modularity)).toBeLessThan(0.03);
    expect(result.communityCount).toBeGreaterThan(1);
    expect(result.communities.map((group) => group.size)).toEqual(
      [...result.communities.map((group) => group.size)].sort((a, b) => b - a),
    );
  });

  it("weakly connected components are the graph's connected components", async () => {
    const result = await wcc(target, { preset: "ecosystem" });
    const fromGds = result.communities.map((group) => group.members.map((member) => member.id).sort());
    expect(fromGds).toEqual(components(ecosystem));
    expect(result.modularity).toBeNull();
  });

  it("connected components of a projection of chosen types: themes through BROADER", async () => {
    const result = await wcc(target, { nodeTypes: ["Theme"], relationshipTypes: ["BROADER"] });
    const themes = await entityGraph(driver, ["Theme"], ["BROADER"]);
    expect(result.projection.nodeCount).toBe(themes.order);
    expect(result.communities.map((group) => group.members.map((member) => member.id).sort())).toEqual(
      components(themes),
    );
  });
});

describe("similarity", () => {
  it("node similarity equals Jaccard of the out-neighbour sets, pair for pair", async () => {
    const result = await nodeSimilarity(
      target,
      { preset: "ecosystem", orientation: "NATURAL" },
      { topK: 1_000, limit: all },
    );
    const out = await outNeighbours(driver);
    const expected = new Map<string, number>();
    const ids = [...out.keys()].sort();
    for (const [i, a] of ids.entries()) {
      for (const b of ids.slice(i + 1)) {
        const similarity = jaccard(out.get(a) as Set<string>, out.get(b) as Set<string>);
        if (similarity > 0) expected.set(`${a}|${b}`, similarity);
      }
    }
    const actual = new Map(
      result.pairs.map((pair) => [[pair.node1.id, pair.node2.id].sort().join("|"), pair.similarity]),
    );
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, similarity] of expected) expect(actual.get(key)).toBeCloseTo(similarity, 12);
    expect(expected.size).toBeGreaterThan(50);
  });

  it("companies alike to Telefónica by the themes of the events they joined: Jaccard of their theme sets", async () => {
    const result = await nodeSimilarity(
      target,
      { preset: "company-theme" },
      { nodeId: "company:telefonica", topK: 100 },
    );
    const themes = await companyThemes(driver);
    const telefonica = new Set(themes.get("company:telefonica")?.keys());
    expect(telefonica.size).toBeGreaterThan(0);
    const expected = [...themes.entries()]
      .filter(([company]) => company !== "company:telefonica")
      .map(([company, own]) => [company, jaccard(telefonica, new Set(own.keys()))] as const)
      .filter(([, similarity]) => similarity > 0);
    expect(result.pairs.every((pair) => pair.node1.id === "company:telefonica")).toBe(true);
    expect(new Map(result.pairs.map((pair) => [pair.node2.id, pair.similarity]))).toEqual(new Map(expected));
  });

  it("the weighted company–theme projection exposes each link's weight: the number of events behind it", async () => {
    const result = await bipartite(target, "company-theme", { limit: all });
    const themes = await companyThemes(driver);
    const expected = [...themes.entries()].flatMap(([company, own]) =>
      [...own.entries()].map(([theme, events]) => ({ company, theme, events: [...events].sort() })),
    );
    expect(result.links).toHaveLength(expected.length);
    for (const { company, theme, events } of expected) {
      const link = result.links.find(
        (candidate) => candidate.source.id === company && candidate.target.id === theme,
      );
      expect(link?.weight).toBe(events.length);
      expect(link?.via.map((node) => node.id)).toEqual(events);
    }
    expect(result.projection.weighted).toBe(true);
  });

  it("the expert–theme projection weights experts' links through events and programmes", async () => {
    const result = await bipartite(target, "expert-theme", { limit: all });
    const { records } = await driver.executeQuery(
      `MATCH (x:Expert)-[:PARTICIPATED_IN|CONTRIBUTED_TO]->(m)-[:HAS_THEME]->(t:Theme)
       WHERE m:Event OR m:Programme
       RETURN x.id AS expert, t.id AS theme, count(DISTINCT m) AS weight`,
    );
    expect(result.links).toHaveLength(records.length);
    for (const record of records) {
      const link = result.links.find(
        (candidate) =>
          candidate.source.id === record.get("expert") && candidate.target.id === record.get("theme"),
      );
      expect(link?.weight).toBe(record.get("weight"));
    }
  });
});

describe("shortest paths", () => {
  it("from ICRC to Cloudflare: as long as graphology's shortest path, every link backed by a cited fact", async () => {
    const result = await shortestPath(
      target,
      { preset: "ecosystem" },
      { from: "organization:icrc", to: "company:cloudflare" },
    );
    const reference = bidirectional(ecosystem, "organization:icrc", "company:cloudflare");
    expect(result.found).toBe(true);
    expect(result.length).toBe((reference?.length ?? 0) - 1);
    expect(result.nodes[0]?.id).toBe("organization:icrc");
    expect(result.nodes.at(-1)?.id).toBe("company:cloudflare");
    for (const step of result.steps) {
      expect(ecosystem.hasEdge(step.from.id, step.to.id)).toBe(true);
      expect(step.evidence.length).toBeGreaterThan(0);
      for (const evidence of step.evidence) {
        expect(evidence.factId).toMatch(/^fact:/);
        expect(evidence.citations.length).toBeGreaterThan(0);
        for (const citation of evidence.citations) {
          expect(citation.sourceId).toBe("source:btech-cop-2022-year-end-review");
          expect(citation.quote.length).toBeGreaterThan(0);
        }
      }
    }
  });

  it("has graphology's length between many pairs, and says when no path exists", async () => {
    const ids = ecosystem.nodes().sort();
    const pairs = [0, 7, 19, 31, 45].map(
      (offset, index) => [ids[offset], ids[ids.length - 1 - index * 3]] as const,
    );
    for (const [from, to] of pairs) {
      if (!from || !to) continue;
      const result = await shortestPath(target, { preset: "ecosystem" }, { from, to });
      const reference = bidirectional(ecosystem, from, to);
      expect(result.length).toBe(reference ? reference.length - 1 : null);
      expect(result.found).toBe(reference !== null);
    }
    // Themes alone, through BROADER: two themes in different trees have no path.
    const themes = await entityGraph(driver, ["Theme"], ["BROADER"]);
    const [first, second] = components(themes);
    const apart = await shortestPath(
      target,
      { nodeTypes: ["Theme"], relationshipTypes: ["BROADER"] },
      { from: first?.[0] ?? "", to: second?.[0] ?? "" },
    );
    expect(apart).toMatchObject({ found: false, length: null, nodes: [], steps: [] });
  });
});
