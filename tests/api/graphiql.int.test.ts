// GraphiQL at GET /graphql works offline: the page and its whole bundle come from the app, nothing from a CDN.
import { describe, expect, it } from "vitest";
import { graphiqlAssets } from "../../src/api/graphiql.ts";
import { createApp } from "../../src/app/app.ts";
import { loadConfig } from "../../src/config.ts";
import { postGraphQL, serve, serveAppForSuite } from "../helpers/http.ts";
import { sharedNeo4j } from "../helpers/neo4j.ts";

/** Any absolute URL that would make the browser leave the app (SVG/XML namespaces are identifiers, not fetched). */
const externalUrl =
  /(?:src|href)\s*=\s*["']?(?:https?:)?\/\/|url\(\s*["']?(?:https?:)?\/\/|import\s*\(\s*["']https?:/i;

describe("GraphiQL served by the app", () => {
  const server = serveAppForSuite();
  const { driver } = server;

  it("answers a browser's GET /graphql with a page whose only scripts and styles are the app's own", async () => {
    const response = await fetch(`${server.url}/graphql`, {
      headers: { accept: "text/html,application/xhtml+xml" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("content-security-policy")).toMatch(/default-src 'self'; script-src 'self'/);
    const html = await response.text();
    expect(html).toContain(`<script src="${graphiqlAssets.script}"></script>`);
    expect(html).toContain(`<link rel="stylesheet" href="${graphiqlAssets.style}" />`);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it("serves the GraphiQL bundle itself: React and GraphiQL inside, no CDN", async () => {
    const script = await fetch(`${server.url}${graphiqlAssets.script}`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/^text\/javascript/);
    const code = await script.text();
    expect(code.length).toBeGreaterThan(500_000);
    expect(code).toContain("graphiql-container");
    expect(code).not.toMatch(/unpkg\.com|jsdelivr|cdnjs|esm\.sh|embeddable-sandbox|apollographql\.com/);
    expect(code).not.toMatch(externalUrl);

    const style = await fetch(`${server.url}${graphiqlAssets.style}`);
    expect(style.status).toBe(200);
    const css = await style.text();
    expect(css).toContain(".graphiql-container");
    expect(css).not.toMatch(externalUrl);
  }, 120_000);

  it("leaves GraphQL requests to the API: JSON POSTs and GETs from clients", async () => {
    const { body } = await postGraphQL(server.url, "{ __typename }");
    expect(body).toEqual({ data: { __typename: "Query" } });
    const get = await fetch(`${server.url}/graphql?query=${encodeURIComponent("{ __typename }")}`, {
      headers: { accept: "application/json", "apollo-require-preflight": "true" },
    });
    expect(await get.json()).toEqual({ data: { __typename: "Query" } });
  });

  it("is not offered where introspection is off (production by default)", async () => {
    const production = await createApp({
      driver,
      database: sharedNeo4j().database,
      api: loadConfig({ NODE_ENV: "production" }).api,
    });
    const closed = await serve(production.express);
    try {
      const response = await fetch(`${closed.url}/graphql`, { headers: { accept: "text/html" } });
      expect(await response.text()).not.toContain("graphiql");
      expect((await fetch(`${closed.url}${graphiqlAssets.script}`)).status).toBe(404);
    } finally {
      await closed.close();
      await production.stop();
    }
  });
});
