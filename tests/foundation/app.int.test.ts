import { describe, expect, it } from "vitest";
import { postGraphQL, serveAppForSuite } from "../helpers/http.ts";

describe("the app on the shared Neo4j", () => {
  const marker = `app-test-${Date.now()}`;
  const server = serveAppForSuite({
    before: async (driver) => {
      await driver.executeQuery("CREATE (:Company {id: $id, name: 'Probe Company'})", {
        id: `company:${marker}`,
      });
    },
    after: async (driver) => {
      await driver.executeQuery("MATCH (c:Company {id: $id}) DETACH DELETE c", { id: `company:${marker}` });
    },
  });

  it("says it is up on /health", async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("reports the Neo4j it reaches on /ready", async () => {
    const response = await fetch(`${server.url}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: "ready",
      neo4j: { edition: "community", version: expect.stringMatching(/^5\.26\./), apoc: expect.any(String) },
    });
  });

  it("answers a GraphQL query from the graph, end to end", async () => {
    const { status, body } = await postGraphQL(
      server.url,
      "query Probe($id: ID!) { companies(where: { id: { eq: $id } }) { id name } }",
      { id: `company:${marker}` },
    );
    expect(status).toBe(200);
    expect(body).toEqual({ data: { companies: [{ id: `company:${marker}`, name: "Probe Company" }] } });
  });
});
