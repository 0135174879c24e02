// Projections never outlive a request (success or error), concurrent requests never collide, bad input is
// refused with a sentence naming what is wrong, and reading analytics changes nothing in the graph.
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
import { AnalyticsInputError, ProjectionTooLargeError } from "../../src/analytics/errors.ts";
import { type AnalyticsTarget, projectionPrefix, withProjection } from "../../src/analytics/gds.ts";
import { resolveProjection } from "../../src/analytics/projection.ts";
import { clearGraph, ensureSeeded, graphChecksum } from "../helpers/graph.ts";
import { sharedDriver, sharedNeo4j } from "../helpers/neo4j.ts";

const driver = sharedDriver();
const target: AnalyticsTarget = {
  driver,
  database: sharedNeo4j().database,
  limits: { maxNodes: 10_000, maxRelationships: 100_000, timeoutMs: 60_000, maxHeapPercent: 30 },
};

/** The names of our projections in the GDS catalog right now. */
async function catalog(): Promise<string[]> {
  const { records } = await driver.executeQuery("CALL gds.graph.list() YIELD graphName RETURN graphName");
  return records
    .map((record) => record.get("graphName") as string)
    .filter((name) => name.startsWith(projectionPrefix));
}

beforeAll(async () => {
  await clearGraph(driver);
  await ensureSeeded(driver);
});

afterAll(async () => {
  await driver.close();
});

describe("projections are dropped", () => {
  it("after a successful run: present while it runs, gone after", async () => {
    let during: string[] = [];
    let name = "";
    const nodes = await withProjection(target, resolveProjection({ preset: "ecosystem" }), async (graph) => {
      name = graph.name;
      during = await catalog();
      return graph.nodeCount;
    });
    expect(nodes).toBeGreaterThan(50);
    expect(during).toContain(name);
    expect(await catalog()).toEqual([]);
  });

  it("after the work fails, and the failure reaches the caller unchanged", async () => {
    const failure = new Error("the algorithm broke");
    let name = "";
    await expect(
      withProjection(target, resolveProjection({ preset: "participation" }), async (graph) => {
        name = graph.name;
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(name).toMatch(new RegExp(`^${projectionPrefix}`));
    expect(await catalog()).toEqual([]);
  });

  it("after GDS itself refuses a call", async () => {
    await expect(
      withProjection(target, resolveProjection({}), (graph) =>
        graph.run("CALL gds.pageRank.stream($graphName, {dampingFactor: 5.0}) YIELD nodeId RETURN nodeId", {
          graphName: graph.name,
        }),
      ),
    ).rejects.toThrow(/dampingFactor/);
    expect(await catalog()).toEqual([]);
  });

  it("and an unknown id is refused before anything is projected", async () => {
    await expect(
      shortestPath(target, {}, { from: "company:telefonica", to: "company:no-such-company" }),
    ).rejects.toThrow('to "company:no-such-company" is not an id in the graph');
    expect(await catalog()).toEqual([]);
  });

  it("after a projection turns out to have more relationships than allowed", async () => {
    const small = { ...target, limits: { ...target.limits, maxRelationships: 10 } };
    const error = await pageRank(small, { preset: "ecosystem" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProjectionTooLargeError);
    expect((error as Error).message).toMatch(
      /^The projection holds [\d,]+ relationships, more than the limit of 10 \(ANALYTICS_MAX_RELATIONSHIPS\)/,
    );
    expect(await catalog()).toEqual([]);
  });

  it("and a projection with more nodes than allowed is refused before anything is loaded", async () => {
    const { records } = await driver.executeQuery("MATCH (n:Company) RETURN count(n) AS companies");
    const companies = records[0]?.get("companies") as number;
    const small = { ...target, limits: { ...target.limits, maxNodes: companies - 1 } };
    let loaded = false;
    await expect(
      withProjection(
        small,
        resolveProjection({ nodeTypes: ["Company"], relationshipTypes: ["MEMBER_OF"] }),
        async () => {
          loaded = true;
        },
      ),
    ).rejects.toThrow(
      `The projection would hold ${companies} nodes, more than the limit of ${companies - 1} (ANALYTICS_MAX_NODES)`,
    );
    expect(loaded).toBe(false);
    expect(await catalog()).toEqual([]);
  });
});

describe("concurrent requests", () => {
  it("each get a projection of their own and the same answers as when run alone", async () => {
    const alone = await pageRank(target, { preset: "ecosystem" }, { limit: 100 });
    const names: string[] = [];
    const spy = (projection: Parameters<typeof resolveProjection>[0]) =>
      withProjection(target, resolveProjection(projection), async (graph) => {
        names.push(graph.name);
        await new Promise((resolve) => setTimeout(resolve, 200));
        return graph.nodeCount;
      });
    const results = await Promise.all([
      pageRank(target, { preset: "ecosystem" }, { limit: 100 }),
      pageRank(target, { preset: "ecosystem" }, { limit: 100 }),
      betweenness(target, { preset: "ecosystem" }),
      louvain(target, { preset: "participation" }),
      wcc(target, {}),
      nodeSimilarity(target, { preset: "company-theme" }),
      degree(target, { preset: "participation" }),
      bipartite(target, "expert-theme"),
      shortestPath(target, {}, { from: "organization:icrc", to: "company:cloudflare" }),
      spy({ preset: "ecosystem" }),
      spy({ preset: "ecosystem" }),
      spy({ preset: "ecosystem" }),
    ]);
    expect(new Set(names).size).toBe(3);
    for (const result of results.slice(0, 2) as (typeof alone)[]) {
      expect(result.scores.map((entry) => entry.node.id)).toEqual(alone.scores.map((entry) => entry.node.id));
      result.scores.forEach((entry, index) => {
        expect(entry.score).toBeCloseTo(alone.scores[index]?.score ?? Number.NaN, 9);
      });
    }
    expect(await catalog()).toEqual([]);
  });
});

describe("bad input is refused with a sentence saying what is wrong", () => {
  const refused = async (run: Promise<unknown>, message: string | RegExp) => {
    const error = await run.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AnalyticsInputError);
    expect((error as Error).message).toMatch(message);
  };

  it("unknown node and relationship types, listing the ones that exist", async () => {
    await refused(
      pageRank(target, { nodeTypes: ["Company", "Companies"], relationshipTypes: ["MEMBER_OF", "KNOWS"] }),
      'Unknown node type "Companies": choose from Company, Representative, Expert, Organization, Theme, Event, Programme, Practice. Unknown relationship type "KNOWS": choose from MEMBER_OF,',
    );
    await refused(
      degree(target, {}, { types: ["Person"] }),
      /Unknown node type "Person" in types: choose from Company/,
    );
  });

  it("unknown presets and orientations, and a preset mixed with types", async () => {
    await refused(
      louvain(target, { preset: "everything" }),
      /^Unknown preset "everything": choose one of ecosystem, participation, company-theme, expert-theme\.$/,
    );
    await refused(
      wcc(target, { orientation: "SIDEWAYS" }),
      'Unknown orientation "SIDEWAYS": choose one of NATURAL, REVERSE, UNDIRECTED.',
    );
    await refused(
      wcc(target, { preset: "ecosystem", nodeTypes: ["Company"] }),
      "Choose either a preset or nodeTypes/relationshipTypes, not both",
    );
    await refused(wcc(target, { nodeTypes: ["Company"] }), "needs both nodeTypes and relationshipTypes");
    await refused(
      bipartite(target, "ecosystem"),
      '"ecosystem" is not a bipartite preset: choose one of company-theme, expert-theme.',
    );
  });

  it("unknown options and values out of range, naming the options the algorithm knows", async () => {
    await refused(
      pageRank(target, {}, { damping: 0.9 }),
      'Invalid options for pageRank: unknown option "damping" (pageRank knows limit, types, asOf, source, dampingFactor, maxIterations, tolerance).',
    );
    await refused(
      pageRank(target, {}, { dampingFactor: 1.5 }),
      /Invalid options for pageRank: dampingFactor: .*<1/,
    );
    await refused(louvain(target, {}, { maxLevels: 0 }), /maxLevels: .*>=1/);
    await refused(
      wcc(target, {}, { seed: 1 }),
      'unknown option "seed" (connectedComponents knows asOf, source)',
    );
  });

  it("ids that are unknown or outside the projection", async () => {
    await refused(
      shortestPath(target, { preset: "participation" }, { from: "company:telefonica", to: "programme:cop" }),
      'to "programme:cop" is a Programme, which this projection leaves out (it holds Company, Expert, Organization, Representative, Event, Theme): choose a projection that includes Programme.',
    );
    await refused(
      nodeSimilarity(target, { preset: "company-theme" }, { nodeId: "company:nobody" }),
      'nodeId "company:nobody" is not an id in the graph',
    );
    await refused(
      shortestPath(target, { preset: "company-theme" }, { from: "company:telefonica", to: "theme:hrdd" }),
      /Shortest paths need a projection of stored relationships/,
    );
    expect(await catalog()).toEqual([]);
  });
});

it("reading analytics leaves the graph exactly as it was", async () => {
  const before = await graphChecksum(driver);
  await louvain(target, {});
  await wcc(target, {});
  await pageRank(target, { preset: "company-theme", weighted: true, orientation: "UNDIRECTED" });
  expect(await graphChecksum(driver)).toBe(before);
});
