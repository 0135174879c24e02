// Analytics through the served GraphQL API: typed answers, clear errors, and a write-back that only an
// editor's token may run.
import { describe, expect, it } from "vitest";
import { mintToken } from "../../src/api/token.ts";
import { type ApiSettings, loadConfig } from "../../src/config.ts";
import { clearGraph, ensureSeeded, graphChecksum } from "../helpers/graph.ts";
import { postGraphQL, serveAppForSuite } from "../helpers/http.ts";

const secret = "analytics-test-secret-of-at-least-32-chars";
const api: ApiSettings = loadConfig({ JWT_SECRET: secret }).api;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const server = serveAppForSuite({
  api,
  before: async (driver) => {
    await clearGraph(driver);
    await ensureSeeded(driver);
  },
  after: async (driver) => {
    // Later test files share this database and expect the seed as imported.
    await driver.executeQuery(
      "MATCH (n:Entity) WHERE n.pagerank IS NOT NULL OR n.community IS NOT NULL REMOVE n.pagerank, n.pagerankAt, n.community, n.communityAt",
    );
  },
});
const { driver } = server;

describe("analytics queries", () => {
  it("answer typed nodes with their scores, and say what they ran on", async () => {
    const { status, body } = await postGraphQL(
      server.url,
      `query Central($projection: AnalyticsProjection) {
        pageRank(projection: $projection, types: ["Theme"], limit: 5) {
          algorithm
          projection { preset orientation nodeCount relationshipCount }
          total
          scores { rank score node { type id name } }
        }
      }`,
      { projection: { preset: "ECOSYSTEM" } },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const result = body.data.pageRank;
    expect(result.algorithm).toBe("pageRank");
    expect(result.projection).toMatchObject({ preset: "ecosystem", orientation: "UNDIRECTED" });
    expect(result.projection.nodeCount).toBeGreaterThan(50);
    expect(result.scores).toHaveLength(5);
    expect(result.scores[0]).toMatchObject({ rank: 1, node: { type: "Theme" } });
    const { records } = await driver.executeQuery("MATCH (t:Theme {id: $id}) RETURN t.name AS name", {
      id: result.scores[0].node.id,
    });
    expect(result.scores[0].node.name).toBe(records[0]?.get("name"));
  });

  it("find the shortest path from ICRC to Cloudflare with each link's fact and quote", async () => {
    const { body } = await postGraphQL(
      server.url,
      `{ shortestPath(from: "organization:icrc", to: "company:cloudflare") {
          found length nodes { id }
          steps { from { id } to { id } evidence { relationshipType factId citations { sourceId section quote basis } } }
      } }`,
    );
    expect(body.errors).toBeUndefined();
    const path = body.data.shortestPath;
    expect(path.found).toBe(true);
    expect(path.steps).toHaveLength(path.length);
    const { records } = await driver.executeQuery(
      `MATCH (f:Fact {id: $id})-[c:CITED_IN]->(s:Source) RETURN c.quote AS quote`,
      { id: path.steps[0].evidence[0].factId },
    );
    expect(path.steps[0].evidence[0].citations.map((citation: { quote: string }) => citation.quote)).toEqual(
      records.map((record) => record.get("quote")),
    );
  });

  it("refuse an unknown type with the list of types, and an unknown option as GraphQL does", async () => {
    const unknownType = await postGraphQL(
      server.url,
      `{ louvainCommunities(projection: { nodeTypes: ["Firm"], relationshipTypes: ["MEMBER_OF"] }) { communityCount } }`,
    );
    expect(unknownType.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Unknown node type "Firm": choose from Company, Representative/),
      extensions: { code: "BAD_USER_INPUT" },
    });
    const unknownOption = await postGraphQL(server.url, `{ pageRank(damping: 0.5) { total } }`);
    expect(unknownOption.status).toBe(400);
    expect(unknownOption.body.errors?.[0]?.message).toBe(
      'Unknown argument "damping" on field "Query.pageRank".',
    );
    const outOfRange = await postGraphQL(server.url, `{ pageRank(dampingFactor: 2) { total } }`);
    expect(outOfRange.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Invalid options for pageRank: dampingFactor: /),
      extensions: { code: "BAD_USER_INPUT" },
    });
  });

  it("expose the weights of the company–theme projection", async () => {
    const { body } = await postGraphQL(
      server.url,
      `{ bipartiteProjection(preset: COMPANY_THEME, limit: 3) { links { source { type id } target { type id } weight via { id } } } }`,
    );
    expect(body.errors).toBeUndefined();
    for (const link of body.data.bipartiteProjection.links) {
      expect(link.source.type).toBe("Company");
      expect(link.target.type).toBe("Theme");
      expect(link.weight).toBe(link.via.length);
    }
  });
});

describe("writing scores back", () => {
  const write = `mutation { writeAnalytics(properties: [PAGERANK, COMMUNITY]) { ranAt written { property nodes } } }`;

  it("is refused without a token, and the graph stays as it was", async () => {
    const before = await graphChecksum(driver);
    const { status, body } = await postGraphQL(server.url, write);
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(await graphChecksum(driver)).toBe(before);
  });

  it("is refused with a token that lacks the editor role", async () => {
    const before = await graphChecksum(driver);
    const { status, body } = await postGraphQL(
      server.url,
      write,
      {},
      bearer(await mintToken(secret, { roles: ["viewer"] })),
    );
    expect(status).toBe(403);
    expect(body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await graphChecksum(driver)).toBe(before);
  });

  it("writes pagerank and community, with the time of the run, for an editor", async () => {
    const { body } = await postGraphQL(
      server.url,
      write,
      {},
      bearer(await mintToken(secret, { roles: ["editor"] })),
    );
    expect(body.errors).toBeUndefined();
    const { ranAt, written } = body.data.writeAnalytics;
    const { records } = await driver.executeQuery(
      `MATCH (n:Entity) WHERE NOT n:Source
       RETURN n.id AS id, n.pagerank AS pagerank, toString(n.pagerankAt) AS pagerankAt,
              n.community AS community, toString(n.communityAt) AS communityAt`,
    );
    expect(written).toEqual([
      { property: "pagerank", nodes: records.length },
      { property: "community", nodes: records.length },
    ]);
    const runAt = new Date(ranAt).getTime();
    for (const record of records) {
      expect(typeof record.get("pagerank")).toBe("number");
      expect(Number.isInteger(record.get("community"))).toBe(true);
      expect(new Date(record.get("pagerankAt")).getTime()).toBe(runAt);
      expect(new Date(record.get("communityAt")).getTime()).toBe(runAt);
    }
    // The scores written are the scores the query answers.
    const read = await postGraphQL(server.url, `{ pageRank(limit: 200) { scores { node { id } score } } }`);
    const stored = new Map(records.map((record) => [record.get("id"), record.get("pagerank")]));
    for (const { node, score } of read.body.data.pageRank.scores)
      expect(stored.get(node.id)).toBeCloseTo(score, 9);
  });
});

it("/ready reports the GDS version analytics runs on", async () => {
  const response = await fetch(`${server.url}/ready`);
  const body = (await response.json()) as { neo4j: { gds: string | null } };
  expect(body.neo4j.gds).toMatch(/^2\.13\./);
});
