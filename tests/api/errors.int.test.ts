// What an error tells a client by default: no stack trace, no internals, and, where introspection is off,
// no "Did you mean …?" hints that would spell out the schema it hides.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { postGraphQL, serveAppForSuite } from "../helpers/http.ts";

describe("internal errors with the default configuration (npm start, development)", () => {
  // A database that does not exist makes every query fail inside Neo4j: an internal error.
  const server = serveAppForSuite({ api: loadConfig({}).api, database: "nosuchdatabase" });

  it("carry no stack trace, file path, driver message or Cypher", async () => {
    const { status, body } = await postGraphQL(server.url, "{ companies { id } }");
    expect(status).toBe(200);
    expect(body.errors).toEqual([
      {
        message: "Internal server error",
        locations: [{ line: 1, column: 3 }],
        path: ["companies"],
        extensions: { code: "INTERNAL_SERVER_ERROR" },
      },
    ]);
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|nosuchdatabase|\/src\/|node_modules|MATCH/);
  });

  it("still tell clients what they did wrong", async () => {
    const { status, body } = await postGraphQL(server.url, "{ companies { nosuchfield } }");
    expect(status).toBe(400);
    expect(body.errors?.[0]).toEqual({
      message: 'Cannot query field "nosuchfield" on type "Company".',
      locations: [{ line: 1, column: 15 }],
      extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
    });
  });
});

describe("errors outside GraphQL", () => {
  const server = serveAppForSuite({ api: loadConfig({}).api });

  it("answers a URL that cannot be decoded with a plain refusal, not a stack trace", async () => {
    const response = await fetch(`${server.url}/export/%E0%A4%A`);
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(JSON.parse(text)).toEqual({
      errors: [
        {
          message: expect.stringMatching(/could not be read: check its URL/),
          extensions: { code: "BAD_REQUEST" },
        },
      ],
    });
    expect(text).not.toMatch(/\bat .*:\d+:\d+|node_modules|\/src\//);
  });
});

/** Mistakes one letter away from a real name: graphql-js suggests the real one. */
const misspelt = [
  { query: "{ companies { nam } }", variables: {} },
  { query: "mutation { writeAnalytic(properties: [PAGERANK]) { ranAt } }", variables: {} },
  {
    query: "query Q($where: CompanyWhere) { companies(where: $where) { id } }",
    variables: { where: { nam: { eq: "Cisco" } } },
  },
];

describe("field suggestions", () => {
  const closed = serveAppForSuite({ api: loadConfig({ GRAPHQL_INTROSPECTION: "false" }).api });
  const open = serveAppForSuite({ api: loadConfig({ GRAPHQL_INTROSPECTION: "true" }).api });

  it("are left out where introspection is off, in validation and in variables alike", async () => {
    for (const { query, variables } of misspelt) {
      const { status, body } = await postGraphQL(closed.url, query, variables);
      expect(status).toBe(400);
      const message = body.errors?.[0]?.message ?? "";
      expect(message).toMatch(/"(nam|writeAnalytic)"/);
      expect(message).not.toMatch(/Did you mean|"name"|writeAnalytics/);
    }
  });

  it("are given where introspection is on, since the schema is public there anyway", async () => {
    for (const { query, variables } of misspelt) {
      const { body } = await postGraphQL(open.url, query, variables);
      expect(body.errors?.[0]?.message).toMatch(/Did you mean .*"(name|writeAnalytics)"/);
    }
  });
});
