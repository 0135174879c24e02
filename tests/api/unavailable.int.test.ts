// When Neo4j goes away the API fails fast with a clear error, and recovers by itself when it comes back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app/app.ts";
import { loadConfig } from "../../src/config.ts";
import { createDriver } from "../../src/database.ts";
import { postGraphQL, serve } from "../helpers/http.ts";
import { privateNeo4j } from "../helpers/neo4j.ts";

describe("the API when Neo4j stops and starts again", () => {
  let neo: Awaited<ReturnType<typeof privateNeo4j>>;
  beforeAll(async () => {
    neo = await privateNeo4j();
  });
  afterAll(() => neo?.dispose());

  const probe = '{ companies(where: { id: { eq: "company:outage-probe" } }) { name } }';

  it("answers 503 'graph database unavailable' quickly while it is down, and serves again once it is back", async () => {
    const driver = createDriver(neo.connection);
    const app: App = await createApp({
      driver,
      database: "neo4j",
      // No response cache: the probe must reach Neo4j each time (cached answers are tests/api/cache.int.test.ts).
      api: loadConfig({ NODE_ENV: "production", GRAPHQL_CACHE_SECONDS: "0" }).api,
    });
    const http = await serve(app.express);
    try {
      await driver.executeQuery(
        "CREATE (:Company:Entity {id: 'company:outage-probe', name: 'Outage Probe'})",
      );
      expect((await postGraphQL(http.url, probe)).body).toEqual({
        data: { companies: [{ name: "Outage Probe" }] },
      });

      await neo.server.stop();
      // A request that waited on the stopped server would fail this test by its timeout, not by an assertion.
      const down = await postGraphQL(http.url, probe);
      expect(down.status).toBe(503);
      expect(down.body.errors).toEqual([
        expect.objectContaining({
          message: "graph database unavailable: try again shortly",
          extensions: { code: "SERVICE_UNAVAILABLE" },
        }),
      ]);
      expect((await fetch(`${http.url}/ready`)).status).toBe(503);

      await neo.server.start({ password: neo.password });
      // No restart of the app: the driver reconnects on its own.
      let answer = await postGraphQL(http.url, probe);
      const deadline = Date.now() + 30_000;
      while (answer.status !== 200 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        answer = await postGraphQL(http.url, probe);
      }
      expect(answer.body).toEqual({ data: { companies: [{ name: "Outage Probe" }] } });
      expect((await fetch(`${http.url}/ready`)).status).toBe(200);
    } finally {
      await http.close();
      await app.stop();
      await driver.close();
    }
    // Two Neo4j starts on a busy 2-core machine.
  }, 240_000);
});
