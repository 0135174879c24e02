// Hostile input to every analytics field, through the API as production serves it (errors masked): ids that
// are Cypher, Lucene, control characters or far too long, and types and options that do not exist. Each is
// refused with BAD_USER_INPUT and a sentence naming the argument and the value, never a masked internal
// error and never a hang; the graph is unchanged and no projection is left behind.
import { describe, expect, it } from "vitest";
import { projectionPrefix } from "../../src/analytics/gds.ts";
import { mintToken } from "../../src/api/token.ts";
import { loadConfig } from "../../src/config.ts";
import { clearGraph, ensureSeeded, graphChecksum } from "../helpers/graph.ts";
import { postGraphQL, serveAppForSuite } from "../helpers/http.ts";

const secret = "analytics-hostile-secret-of-at-least-32-chars";
const api = loadConfig({ JWT_SECRET: secret, NODE_ENV: "production" }).api;

/** Strings an attacker or a confused client sends where an id or a type name belongs. */
const hostile = [
  "' OR 1=1 //",
  '"}) MATCH (n) DETACH DELETE n //',
  "company:telefonica' RETURN n //",
  "`) DETACH DELETE n; //",
  '*:* OR name:"x"',
  "AND(",
  "\\",
  "null",
  "\u0000\u0001\u001f",
  "😀 Telefónica ✓",
  "",
  "COMPANY:TELEFONICA",
  `company:${"x".repeat(5_000)}`,
  "x".repeat(50_000),
];

let checksum: string;
let editor: Record<string, string>;

const server = serveAppForSuite({
  api,
  before: async (driver) => {
    await clearGraph(driver);
    await ensureSeeded(driver);
    checksum = await graphChecksum(driver);
    editor = { authorization: `Bearer ${await mintToken(secret, { roles: ["editor"] })}` };
  },
});
const { driver } = server;

/** Sends one operation and expects one BAD_USER_INPUT error whose message matches `message`. */
async function expectBadInput(
  query: string,
  variables: Record<string, unknown>,
  message: RegExp,
  headers: Record<string, string> = {},
) {
  const { body } = await postGraphQL(server.url, query, variables, headers);
  const context = `${query.slice(0, 80)} ${JSON.stringify(variables).slice(0, 120)}`;
  expect(body.errors?.length, context).toBe(1);
  expect(body.errors?.[0]?.extensions?.code, `${context}: ${body.errors?.[0]?.message}`).toBe(
    "BAD_USER_INPUT",
  );
  expect(body.errors?.[0]?.message, context).toMatch(message);
}

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** The message names the argument, and quotes the value unless it is too long to quote. */
const namesId = (argument: string, value: string) =>
  new RegExp(
    `^${argument} ${value.length <= 200 ? `"${literal(value)}" ` : ""}is not a valid id[\\s\\S]*company:telefonica`,
  );

describe("hostile ids", () => {
  it("nodeSimilarity refuses each as not a valid id, naming nodeId", async () => {
    for (const value of hostile) {
      await expectBadInput(
        "query S($id: ID) { nodeSimilarity(nodeId: $id) { pairs { similarity } } }",
        { id: value },
        namesId("nodeId", value),
      );
    }
  });

  it("shortestPath refuses each in from and in to, naming the argument", async () => {
    const query = "query P($from: ID!, $to: ID!) { shortestPath(from: $from, to: $to) { found } }";
    for (const value of hostile) {
      await expectBadInput(query, { from: value, to: "company:cloudflare" }, namesId("from", value));
      await expectBadInput(query, { from: "organization:icrc", to: value }, namesId("to", value));
    }
  });

  it("well-formed ids that are not in the graph, or not in the projection, are refused by name", async () => {
    await expectBadInput(
      '{ nodeSimilarity(nodeId: "company:nobody") { pairs { similarity } } }',
      {},
      /^nodeId "company:nobody" is not an id in the graph/,
    );
    await expectBadInput(
      '{ shortestPath(from: "organization:icrc", to: "company:nobody") { found } }',
      {},
      /^to "company:nobody" is not an id in the graph/,
    );
    await expectBadInput(
      '{ shortestPath(from: "programme:cop", to: "company:cloudflare", projection: { preset: PARTICIPATION }) { found } }',
      {},
      /^from "programme:cop" is a Programme, which this projection leaves out/,
    );
  });
});

describe("unknown types and options", () => {
  const centralityFields = ["degreeCentrality", "pageRank", "betweennessCentrality"];
  const unknownNodeType = (value: string) =>
    new RegExp(`Unknown node type "${literal(value)}"[\\s\\S]*choose from Company, Representative`);

  it("types of every centrality field: each unknown type named with the ones that exist", async () => {
    for (const field of centralityFields) {
      for (const value of [...hostile.filter((text) => text.length <= 200), "Person", "company"]) {
        await expectBadInput(
          `query C($types: [String!]) { ${field}(types: $types) { total } }`,
          { types: ["Company", value] },
          value === "company"
            ? /Unknown node type "company" in types: choose from Company/
            : unknownNodeType(value),
        );
      }
    }
  });

  it("a very long type name is refused without echoing it", async () => {
    for (const field of centralityFields) {
      await expectBadInput(
        `query C($types: [String!]) { ${field}(types: $types) { total } }`,
        { types: ["x".repeat(50_000)] },
        /^Unknown node type of 50000 characters in types: choose from Company/,
      );
    }
  });

  it("projection node and relationship types of every field, and of the write-back", async () => {
    const projection = { nodeTypes: ["Company", "Firm"], relationshipTypes: ["MEMBER_OF", "'); DROP"] };
    const message =
      /^Unknown node type "Firm": choose from Company[\s\S]*Unknown relationship type "'\); DROP": choose from MEMBER_OF/;
    const select = {
      degreeCentrality: "{ total }",
      pageRank: "{ total }",
      betweennessCentrality: "{ total }",
      louvainCommunities: "{ communityCount }",
      connectedComponents: "{ communityCount }",
      nodeSimilarity: "{ pairs { similarity } }",
    };
    for (const [field, selection] of Object.entries(select)) {
      await expectBadInput(
        `query Q($p: AnalyticsProjection) { ${field}(projection: $p) ${selection} }`,
        { p: projection },
        message,
      );
    }
    await expectBadInput(
      'query Q($p: AnalyticsProjection) { shortestPath(from: "organization:icrc", to: "company:cloudflare", projection: $p) { found } }',
      { p: projection },
      message,
    );
    await expectBadInput(
      "mutation W($p: AnalyticsProjection) { writeAnalytics(projection: $p, properties: [PAGERANK]) { ranAt } }",
      { p: projection },
      message,
      editor,
    );
    await expectBadInput(
      "mutation W($p: AnalyticsProjection) { writeAnalytics(projection: $p, properties: [PAGERANK]) { ranAt } }",
      { p: { orientation: "SIDEWAYS" } },
      // GraphQL itself refuses a value outside the enum, naming the value and the enum.
      /"SIDEWAYS"[\s\S]*AnalyticsOrientation/,
      editor,
    );
  });

  it("options out of range on every field that takes them, naming the option", async () => {
    for (const [query, option] of [
      ["{ degreeCentrality(limit: 0) { total } }", "limit"],
      ["{ pageRank(maxIterations: -1) { total } }", "maxIterations"],
      ["{ betweennessCentrality(samplingSize: 0) { total } }", "samplingSize"],
      ["{ louvainCommunities(tolerance: 5) { communityCount } }", "tolerance"],
      ["{ nodeSimilarity(topK: 0) { pairs { similarity } } }", "topK"],
      ["{ bipartiteProjection(preset: COMPANY_THEME, limit: 0) { links { weight } } }", "limit"],
    ] as const) {
      await expectBadInput(query, {}, new RegExp(`^Invalid options for \\w+: ${option}: `));
    }
  });
});

it("leaves the graph as it was and no projection behind", async () => {
  expect(await graphChecksum(driver)).toBe(checksum);
  const { records } = await driver.executeQuery(
    "CALL gds.graph.list() YIELD graphName WHERE graphName STARTS WITH $prefix RETURN count(*) AS left",
    { prefix: projectionPrefix },
  );
  expect(Number(records[0]?.get("left"))).toBe(0);
});
