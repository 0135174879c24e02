// The response cache of anonymous reads (src/api/cache.ts): what is cached, for whom, and what ends it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintToken } from "../../src/api/token.ts";
import { type App, createApp } from "../../src/app/app.ts";
import { loadConfig } from "../../src/config.ts";
import { postGraphQL, serve } from "../helpers/http.ts";
import { sharedDriver, sharedNeo4j } from "../helpers/neo4j.ts";

const secret = "test-secret-of-at-least-32-characters!!";
const read = `query Probe($id: ID!) { companies(where: { id: { eq: $id } }) { name } }`;
const rename = `mutation Rename($id: ID!, $name: String!) {
  upsertSources(input: [{ id: "source:cache-probe", title: "Cache probe" }]) { created }
  upsertEntities(input: [{ id: $id, name: $name, evidence: [{ source: "source:cache-probe", section: "X", quote: "x" }] }]) { updated }
}`;

describe("response cache", () => {
  const driver = sharedDriver();
  const id = "company:cache-probe";
  const apps: App[] = [];
  const servers: Awaited<ReturnType<typeof serve>>[] = [];
  let cached: string;
  let uncached: string;

  const renameInGraph = (name: string) =>
    driver.executeQuery("MATCH (c:Company {id: $id}) SET c.name = $name", { id, name });
  const nameSeen = async (url: string, headers: Record<string, string> = {}, query = read) => {
    const { status, body } = await postGraphQL(url, query, { id }, headers);
    expect(status).toBe(200);
    return body.data.companies[0].name as string;
  };

  beforeAll(async () => {
    await driver.executeQuery("MATCH (n:Entity) WHERE n.id IN [$id, 'source:cache-probe'] DETACH DELETE n", {
      id,
    });
    await driver.executeQuery("CREATE (:Company:Entity {id: $id, name: 'First'})", { id });
    for (const seconds of ["30", "0"]) {
      const api = loadConfig({ JWT_SECRET: secret, GRAPHQL_CACHE_SECONDS: seconds }).api;
      const app = await createApp({ driver, database: sharedNeo4j().database, api });
      apps.push(app);
      servers.push(await serve(app.express));
    }
    [cached, uncached] = servers.map((server) => server.url) as [string, string];
  });

  afterAll(async () => {
    await driver.executeQuery("MATCH (n:Entity) WHERE n.id IN [$id, 'source:cache-probe'] DETACH DELETE n", {
      id,
    });
    for (const server of servers) await server.close();
    for (const app of apps) await app.stop();
    await driver.close();
  });

  it("serves an anonymous read again, and tells HTTP caches for how long", async () => {
    await renameInGraph("First");
    const { headers } = await postGraphQL(cached, read, { id });
    expect(headers.get("cache-control")).toBe("max-age=30, public");
    await renameInGraph("Changed behind the API");
    // A write from outside the app (an import) shows only when the cached answer expires.
    expect(await nameSeen(cached)).toBe("First");
    expect(await nameSeen(uncached)).toBe("Changed behind the API");
  });

  it("never caches an editor's reads", async () => {
    const token = await mintToken(secret, { roles: ["editor"] });
    await renameInGraph("Second");
    const { headers, body } = await postGraphQL(cached, read, { id }, { authorization: `Bearer ${token}` });
    expect(body.data.companies[0].name).toBe("Second");
    expect(headers.get("cache-control")).toBe("no-store");
  });

  it("forgets every cached answer when a mutation goes through the app", async () => {
    await renameInGraph("Third");
    await nameSeen(cached);
    const token = await mintToken(secret, { roles: ["editor"] });
    const mutation = await postGraphQL(
      cached,
      rename,
      { id, name: "Renamed by an editor" },
      { authorization: `Bearer ${token}` },
    );
    expect(mutation.body.errors).toBeUndefined();
    expect(await nameSeen(cached)).toBe("Renamed by an editor");
  });

  it("keeps its answers when a mutation is refused or fails: only a committed write forgets them", async () => {
    // A query of its own: the answers the tests above cached are not in the way.
    const probe = read.replace("Probe", "ProbeRefusals");
    await renameInGraph("Fourth");
    expect(await nameSeen(cached, {}, probe)).toBe("Fourth");
    await renameInGraph("Changed behind the API again");
    const viewer = await mintToken(secret, { roles: ["viewer"] });
    const editor = await mintToken(secret, { roles: ["editor"] });
    const attempts: { query: string; headers: Record<string, string>; status: number }[] = [
      { query: rename, headers: {}, status: 401 },
      { query: rename, headers: { authorization: `Bearer ${viewer}` }, status: 403 },
      // Runs (past every guard), fails before it writes anything: an empty write-back.
      {
        query: "mutation { writeAnalytics(properties: []) { ranAt } }",
        headers: { authorization: `Bearer ${editor}` },
        status: 200,
      },
    ];
    for (const { query, headers, status } of attempts) {
      const refused = await postGraphQL(cached, query, { id, name: "Never written" }, headers);
      expect(refused.status).toBe(status);
      expect(refused.body.errors?.length).toBeGreaterThan(0);
      expect(await nameSeen(cached, {}, probe)).toBe("Fourth");
    }
  });

  it("keeps its answers when an edit's second field fails: the request's one transaction wrote nothing", async () => {
    const probe = read.replace("Probe", "ProbeHalfDone");
    await renameInGraph("Fifth");
    expect(await nameSeen(cached, {}, probe)).toBe("Fifth");
    const token = await mintToken(secret, { roles: ["editor"] });
    const halfDone = await postGraphQL(
      cached,
      `mutation Both($id: ID!) {
        upsertEntities(input: [{ id: $id, name: "Written, then rolled back", evidence: [{ source: "source:cache-probe", section: "X", quote: "x" }] }]) { updated }
        assertFacts(input: [{ predicate: MEMBER_OF, subject: $id, object: "programme:nowhere", evidence: [{ source: "source:cache-probe", section: "X", quote: "x" }] }]) { created }
      }`,
      { id },
      { authorization: `Bearer ${token}` },
    );
    expect(halfDone.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(await nameSeen(uncached, {}, probe)).toBe("Fifth");
    expect(await nameSeen(cached, {}, probe)).toBe("Fifth");
  });

  it("caches nothing when GRAPHQL_CACHE_SECONDS is 0", async () => {
    const { headers } = await postGraphQL(uncached, read, { id });
    expect(headers.get("cache-control")).toBe("no-store");
  });
});
