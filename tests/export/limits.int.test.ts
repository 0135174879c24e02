// `/export/<format>?query=…` is a GET /graphql by another name: the same CSRF prevention, token limit and
// operation limits refuse the same requests, in the same words. Every statement an export sends runs under
// GRAPHQL_TIMEOUT_MS. A plain `GET /export/gexf` stays a simple download, as the README links it.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { ensureSeeded, graphChecksum } from "../helpers/graph.ts";
import { serveAppForSuite } from "../helpers/http.ts";

const defaults = loadConfig({}).api;
const preflight = { "apollo-require-preflight": "true" };

/** GETs an export (or /graphql) with `query` and `variables` as search parameters. */
async function get(
  url: string,
  path: string,
  parameters: { query?: string; variables?: unknown },
  headers: Record<string, string> = {},
) {
  const search = new URLSearchParams();
  if (parameters.query !== undefined) search.set("query", parameters.query);
  if (parameters.variables !== undefined) search.set("variables", JSON.stringify(parameters.variables));
  const response = await fetch(`${url}${path}?${search}`, { headers, signal: AbortSignal.timeout(60_000) });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text) };
}

/** `{ NOT: { NOT: … { id: { eq: "x" } } } }`, `levels` NOTs deep. */
function negated(levels: number): Record<string, unknown> {
  let where: Record<string, unknown> = { id: { eq: "x" } };
  for (let level = 0; level < levels; level += 1) where = { NOT: where };
  return where;
}

describe("export selections by GraphQL query", () => {
  const server = serveAppForSuite({ api: defaults, before: (driver) => ensureSeeded(driver) });
  const selection = '{ events(where: { id: { eq: "event:cop-2022-05-17" } }) { id themes { id } } }';

  it("obeys CSRF prevention as GET /graphql does: a simple request with a query is refused", async () => {
    const graphql = await get(server.url, "/graphql", { query: selection });
    const exported = await get(server.url, "/export/d3", { query: selection });
    expect(graphql.status).toBe(400);
    expect(exported.status).toBe(graphql.status);
    // The same error (the stack traces of development differ in their frames).
    expect(exported.json.errors[0].message).toBe(graphql.json.errors[0].message);
    expect(exported.json.errors[0]).toMatchObject({
      message: expect.stringMatching(/Cross-Site Request Forgery \(CSRF\)/),
      extensions: { code: "BAD_REQUEST" },
    });
    expect(exported.json.error).toMatch(/^the query failed: This operation has been blocked/);
    const form = await get(server.url, "/export/d3", { query: selection }, { "content-type": "text/plain" });
    expect(form.status).toBe(400);
  });

  it("answers a query that carries a preflight header or a JSON content type, as /graphql does", async () => {
    for (const headers of [preflight, { "content-type": "application/json" }]) {
      const graphql = await get(server.url, "/graphql", { query: selection }, headers);
      expect(graphql.json.data.events[0].id).toBe("event:cop-2022-05-17");
      const exported = await get(server.url, "/export/d3", { query: selection }, headers);
      expect(exported.status).toBe(200);
      const ids = exported.json.nodes.map((node: { id: string }) => node.id);
      expect(ids).toContain("event:cop-2022-05-17");
      expect(ids).toContain("theme:remedy");
    }
  });

  it("keeps a plain download without a query a simple GET", async () => {
    const response = await fetch(`${server.url}/export/gexf`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/gexf\+xml/);
    expect(await response.text()).toMatch(/<gexf[\s>]/);
    const whole = await get(server.url, "/export/d3", {});
    expect(whole.status).toBe(200);
    expect(whole.json.nodes.length).toBeGreaterThan(50);
  });

  it("refuses nested variables, nested inline input, a deep where and a long document, naming each limit", async () => {
    const before = await graphChecksum(server.driver);
    const attacks: [string, { query: string; variables?: unknown }, string][] = [
      [
        "nested variables",
        {
          query: "query Q($w: CompanyWhere) { companies(where: $w) { id } }",
          variables: { w: negated(500) },
        },
        "GRAPHQL_MAX_INPUT_DEPTH",
      ],
      [
        "nested inline input",
        {
          query: `{ companies(where: ${"{ NOT: ".repeat(300)}{ id: { eq: "x" } }${" }".repeat(300)}) { id } }`,
        },
        "GRAPHQL_MAX_INPUT_DEPTH",
      ],
      [
        "too many values",
        {
          query: "query Q($ids: [ID!]) { companies(where: { id: { in: $ids } }) { id } }",
          // Numbers, which ID accepts, keep the URL short.
          variables: { ids: Array.from({ length: defaults.limits.maxInputValues }, (_, index) => index) },
        },
        "GRAPHQL_MAX_INPUT_VALUES",
      ],
      [
        "a deep where",
        {
          query: `{ companies(where: { events: { some: { companies: { some: { events: { some: { companies: { some: {
            events: { some: { companies: { some: { events: { some: { companies: { some: { id: { eq: "x" } }
          } } } } } } } } } } } } } } } }) { id } }`,
        },
        "GRAPHQL_MAX_COST",
      ],
      [
        "a long document",
        { query: `{ companies { ${"id ".repeat(defaults.limits.maxTokens)} } }` },
        "GRAPHQL_MAX_TOKENS",
      ],
    ];
    for (const [name, parameters, limit] of attacks) {
      const graphql = await get(server.url, "/graphql", parameters, preflight);
      const exported = await get(server.url, "/export/d3", parameters, preflight);
      expect(exported.status, name).toBe(400);
      expect(exported.json.errors?.[0]?.extensions, name).toMatchObject({ code: "LIMIT_EXCEEDED", limit });
      expect(exported.json.errors?.[0]?.message, name).toBe(graphql.json.errors?.[0]?.message);
      expect(exported.json.error, name).toMatch(new RegExp(`^the query failed: .*\\(${limit}\\)`));
    }
    expect(await graphChecksum(server.driver)).toBe(before);
  });
});

describe("the transaction timeout of export statements", () => {
  const timeoutMs = 1_000;
  const server = serveAppForSuite({
    api: loadConfig({ GRAPHQL_TIMEOUT_MS: String(timeoutMs) }).api,
    before: (driver) => ensureSeeded(driver),
  });

  it("stops an export statement that runs longer than GRAPHQL_TIMEOUT_MS, naming it", async () => {
    // An index being created on :Entity, not yet committed, holds the label's schema lock: every export
    // statement that seeks an entity by id waits for it. Without the timeout the export would wait until
    // this transaction ends; with it, Neo4j stops the statement at its next check (every 2 s).
    const session = server.driver.session();
    const holder = await session.beginTransaction();
    try {
      await holder.run("CREATE INDEX export_timeout_probe FOR (n:Entity) ON (n.exportTimeoutProbe)");
      for (const path of ["/export/gexf", "/export/d3?node=company:telefonica&depth=1"]) {
        const response = await fetch(`${server.url}${path}`, { signal: AbortSignal.timeout(60_000) });
        expect(response.status, path).toBe(504);
        const body = await response.json();
        expect(body.error, path).toBe(
          `the export ran longer than ${timeoutMs} ms and was stopped (GRAPHQL_TIMEOUT_MS): choose a smaller selection`,
        );
        expect(body.errors[0].extensions, path).toEqual({
          code: "TIMEOUT",
          limit: "GRAPHQL_TIMEOUT_MS",
          maximum: timeoutMs,
        });
      }
    } finally {
      await holder.rollback();
      await session.close();
    }
    const after = await fetch(`${server.url}/export/gexf`);
    expect(after.status).toBe(200);
  });
});
