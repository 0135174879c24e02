// Hostile GraphQL against the real app (a child process with production settings) on the seeded graph:
// each attack is refused with a client error naming the problem, or answered safely, in bounded time, with
// no stack trace and no Cypher in the body; the app stays up and the graph is unchanged.
import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import { type GraphQLSchema, getIntrospectionQuery, getNamedType, isScalarType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { refreshAllTallies } from "../../src/importer/index.ts";
import { ensureSeeded, graphChecksum } from "../helpers/graph.ts";
import { sharedDriver, sharedNeo4j } from "../helpers/neo4j.ts";
import {
  type AppProcess,
  classify,
  type Exchange,
  exchange,
  firstError,
  inPool,
  jwtSecretVariable,
  leaks,
  type Outcome,
  recordFigures,
  servedSchema,
  startApp,
} from "../helpers/resilience.ts";
import { stringProbes } from "./operations.ts";

/** The limits the app runs with when nothing is configured: the suite attacks the defaults. */
const limits = loadConfig({}).api.limits;
/**
 * A hostile request still without an answer after this is hung: the test fails on it. How long answers took
 * is a figure for the report (the slowest), never asserted: the machine is shared and its speed varies.
 */
const hungAfterMs = 30_000;
/** More themes than the largest page the API may return, to prove the cap. */
const bulkThemes = limits.maxLimit + 200;

const driver = sharedDriver();
let app: AppProcess;
let introspective: AppProcess;
let schema: GraphQLSchema;
let checksum: string;
/** Every string-argument probe that failed, for the report: one line each, field, path and why. */
const probeProblems: string[] = [];
const tally = {
  sent: 0,
  answered: 0,
  refused: 0,
  unavailable: 0,
  timedOut: 0,
  serverErrors: 0,
  hung: 0,
  hungAfterMs,
  leaks: 0,
  maxMs: 0,
};

/**
 * Sends one hostile request and checks what every response must satisfy, whatever its outcome: an answer
 * at all (a request still unanswered after `hungAfterMs` fails as hung), no leak, no timeout, no 5xx.
 */
async function attack(
  body: unknown,
  { to = app, payloads = [] as string[], headers = {} as Record<string, string> } = {},
): Promise<Exchange & { outcome: Outcome }> {
  tally.sent += 1;
  let result: Exchange;
  try {
    result = await exchange(to.url, body, { headers, timeoutMs: hungAfterMs });
  } catch (error) {
    if ((error as Error).name !== "TimeoutError") throw error;
    tally.hung += 1;
    throw new Error(
      `hung: no answer within ${hungAfterMs / 1000} s to ${JSON.stringify(body).slice(0, 200)}`,
    );
  }
  const outcome = classify(result);
  tally.maxMs = Math.max(tally.maxMs, result.ms);
  if (outcome === "answered") tally.answered += 1;
  else if (outcome === "refused") tally.refused += 1;
  else if (outcome === "unavailable") tally.unavailable += 1;
  else if (outcome === "timed-out") tally.timedOut += 1;
  else tally.serverErrors += 1;
  const found = leaks(result.text, payloads);
  if (found.length > 0) tally.leaks += 1;
  expect(found, `leak in ${result.text.slice(0, 400)}`).toEqual([]);
  // A hostile request must be stopped by a limit before it runs, not by the server-side timeout.
  expect(outcome, `timed out: ${JSON.stringify(body).slice(0, 200)}`).not.toBe("timed-out");
  expect(
    outcome,
    `server error for ${JSON.stringify(body).slice(0, 200)}: ${result.text.slice(0, 300)}`,
  ).not.toBe("server-error");
  return { ...result, outcome };
}

/** The attack must be refused as the client's fault, with a message naming the problem. */
function expectRefused(result: Exchange & { outcome: Outcome }, names: RegExp) {
  expect(result.outcome, result.text.slice(0, 300)).toBe("refused");
  expect(firstError(result) || result.text).toMatch(names);
}

function nested(depth: number): string {
  let selection = "{ id }";
  for (let level = depth; level > 1; level -= 1) {
    selection = `{ ${level % 2 === 0 ? "events" : "companies"} ${selection} }`;
  }
  return `{ companies ${selection} }`;
}

beforeAll(async () => {
  await ensureSeeded(driver);
  await driver.executeQuery(
    `UNWIND range(1, $count) AS i
     CREATE (:Theme:Entity {id: 'theme:resilience-bulk-' + i, name: 'Resilience bulk theme ' + i})`,
    { count: bulkThemes },
  );
  // Themes written past the importer get their tallies here, as the app's start would give them
  // (src/importer/tallies.ts): the checksum is of the graph the app serves.
  await refreshAllTallies(driver, "neo4j");
  checksum = await graphChecksum(driver);
  schema = await servedSchema();
  const secret = randomBytes(24).toString("hex");
  [app, introspective] = await Promise.all([
    startApp(sharedNeo4j(), { [jwtSecretVariable]: secret }),
    startApp(sharedNeo4j(), { [jwtSecretVariable]: secret, GRAPHQL_INTROSPECTION: "true" }),
  ]);
}, 300_000);

afterAll(async () => {
  await Promise.all([app?.stop(), introspective?.stop()]);
  await driver.executeQuery(
    "MATCH (t:Theme) WHERE t.id STARTS WITH 'theme:resilience-bulk-' DETACH DELETE t",
  );
  await recordFigures("hostile", { ...tally, probeProblems });
  await driver.close();
});

describe("bounded queries", { timeout: 120_000 }, () => {
  it("refuses nesting deeper than the depth limit, naming it", async () => {
    expectRefused(await attack({ query: nested(limits.maxDepth + 5) }), /depth/i);
    expectRefused(await attack({ query: nested(60) }), /depth/i);
  });

  it("answers nesting within the depth limit", async () => {
    const result = await attack({
      query:
        "{ companies(limit: 2) { events(limit: 2) { companies(limit: 2) { events(limit: 2) { id } } } } }",
    });
    expect(result.outcome).toBe("answered");
    expect(result.json.data.companies.length).toBe(2);
  });

  it("refuses an alias flood, naming the alias limit", async () => {
    // Within the token limit (6 tokens an alias), so that the alias limit is what refuses it.
    const aliases = Array.from(
      { length: Math.min(limits.maxAliases * 5, Math.floor(limits.maxTokens / 8)) },
      (_, i) => `a${i}: companies { id }`,
    );
    expectRefused(await attack({ query: `{ ${aliases.join(" ")} }` }), /alias/i);
    const typenames = Array.from({ length: 5_000 }, (_, i) => `t${i}: __typename`);
    expectRefused(await attack({ query: `{ ${typenames.join(" ")} }` }), /alias|token/i);
  });

  it("refuses a document with more tokens than allowed, naming the token limit", async () => {
    const fields = Array.from({ length: limits.maxTokens }, () => "id").join(" ");
    expectRefused(await attack({ query: `{ companies { ${fields} } }` }), /token/i);
  });

  it("refuses a query whose estimated cost is too high, naming the cost limit", async () => {
    const wide = `{ events(limit: ${limits.maxLimit}) { companies(limit: ${limits.maxLimit}) {
      events(limit: ${limits.maxLimit}) { companies(limit: ${limits.maxLimit}) { id } } } } }`;
    expectRefused(await attack({ query: wide }), /cost|complex/i);
  });

  it("caps huge limit and first to the maximum page size, or refuses them naming the limit", async () => {
    for (const query of [
      "{ themes(limit: 2000000000) { id } }",
      "{ themesConnection(first: 2000000000) { edges { node { id } } } }",
    ]) {
      const result = await attack({ query });
      if (result.outcome === "refused") {
        expect(firstError(result)).toMatch(/limit|first|page/i);
      } else {
        const rows = result.json.data.themes ?? result.json.data.themesConnection.edges;
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.length).toBeLessThanOrEqual(limits.maxLimit);
      }
    }
    const unbounded = await attack({ query: "{ themes { id } }" });
    expect(unbounded.json.data.themes.length).toBe(limits.defaultLimit);
    expectRefused(await attack({ query: "{ themes(limit: 99999999999) { id } }" }), /Int cannot represent/);
    expectRefused(await attack({ query: "{ themes(limit: -5) { id } }" }), /limit|negative|positive/i);
  });
});

describe("malformed requests", { timeout: 120_000 }, () => {
  it("refuses cyclic fragments", async () => {
    const query = `{ companies { ...A } }
      fragment A on Company { events { companies { ...B } } }
      fragment B on Company { events { companies { ...A } } }`;
    expectRefused(await attack({ query }), /Cannot spread fragment "A" within itself/);
  });

  it("refuses batched requests (array bodies), small or large", async () => {
    const one = { query: "{ companies(limit: 1) { id } }" };
    expectRefused(await attack([one, one]), /batch/i);
    expectRefused(await attack(Array.from({ length: 1_000 }, () => one)), /batch|too large/i);
  });

  it("refuses a body over the size limit before reading it, and bounds long strings inside it", async () => {
    const huge = "x".repeat(limits.maxBodyBytes * 20);
    const refused = await attack({
      query: "query Q($s: String) { companies(where: { name: { contains: $s } }) { id } }",
      variables: { s: huge },
    });
    expect(refused.status).toBe(413);
    expect(firstError(refused) || refused.text).toMatch(/too large|larger than/i);

    const long = "é".repeat(Math.floor(limits.maxBodyBytes / 4));
    const result = await attack({
      query: "query Q($s: String) { companies(where: { name: { contains: $s } }) { id } }",
      variables: { s: long },
    });
    if (result.outcome === "answered") expect(result.json.data.companies).toEqual([]);
  });

  it("refuses invalid variables, naming the variable", async () => {
    const query =
      "query Q($n: Int, $w: CompanyWhere, $id: ID!) { companies(limit: $n, where: $w) { id } c: companies(where: { id: { eq: $id } }) { id } }";
    for (const variables of [
      { n: "ten", id: "x" },
      { n: 1, w: { noSuchField: { eq: 1 } }, id: "x" },
      { n: 1, w: "MATCH (n) RETURN n", id: "x" },
      { n: 1 },
      { n: 1, id: { $gt: "" } },
    ]) {
      expectRefused(await attack({ query, variables }), /Variable "\$\w+"/);
    }
    expectRefused(await attack({ query: "{ companies(limit: $undeclared) { id } }" }), /\$undeclared/);
    expectRefused(await attack({ query: "{ companies { id } }", variables: "not an object" }), /variables/i);
  });

  it("refuses requests that are not GraphQL at all", async () => {
    for (const body of ['{"query": ', '{"query": 42}', "{}", "[]", "null"]) {
      const result = await attack(body);
      expect(result.outcome, body).toBe("refused");
    }
  });

  it("keeps CSRF prevention on: a simple GET without a preflight header is refused", async () => {
    const response = await fetch(`${app.url}/graphql?query=${encodeURIComponent("{ companies { id } }")}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF|Cross-Site Request Forgery/i);
  });
});

/**
 * Sends a request's headers declaring `declaredBytes` of body, and only `sentBytes` of it, then waits for
 * the server to answer and close. A server that waits for the rest never answers: the wait ends after 15 s
 * of silence and the promise rejects.
 */
function declareAndWithhold(url: string, declaredBytes: number, sentBytes: number): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = "";
    socket.setTimeout(15_000, () => {
      socket.destroy();
      reject(new Error(`no answer while ${declaredBytes - sentBytes} declared bytes were withheld`));
    });
    socket.on("data", (chunk: Buffer) => {
      answer += chunk.toString();
    });
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${declaredBytes}\r\n\r\n${"x".repeat(sentBytes)}`,
    );
  });
}

/**
 * Sends a request's headers declaring `declaredBytes` of body with `Expect: 100-continue`, as curl does for
 * large uploads, and sends `body` only if the server says "100 Continue". Resolves with everything the
 * server wrote once it closes the connection (the request asks it to); rejects after 15 s of silence.
 */
function askToContinue(url: string, declaredBytes: number, body = ""): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = "";
    let bodySent = false;
    socket.setTimeout(15_000, () => {
      socket.destroy();
      reject(new Error(`no answer to Expect: 100-continue, only ${JSON.stringify(answer)}`));
    });
    socket.on("data", (chunk: Buffer) => {
      answer += chunk.toString();
      if (!bodySent && body && answer.startsWith("HTTP/1.1 100 Continue\r\n\r\n")) {
        bodySent = true;
        socket.write(body);
      }
    });
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${declaredBytes}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
    );
  });
}

describe("HTTP edges", { timeout: 120_000 }, () => {
  it("refuses a body whose declared size is over the limit before reading it", async () => {
    const answer = await declareAndWithhold(app.url, 10_000_000, 1_000);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/^connection: close\r$/im);
    expect(answer).toMatch(/larger than \d+ bytes, the maximum \(GRAPHQL_MAX_BODY_BYTES\)/);
  });

  it("refuses an announced upload over the limit (Expect: 100-continue) with 413 instead of 100 Continue", async () => {
    const answer = await askToContinue(app.url, 10_000_000);
    expect(answer).not.toMatch(/100 Continue/);
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/^connection: close\r$/im);
    expect(answer).toMatch(/^x-frame-options: DENY\r$/im);
    const body = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));
    expect(body.errors[0]).toEqual({
      message: `The request body is larger than ${limits.maxBodyBytes} bytes, the maximum (GRAPHQL_MAX_BODY_BYTES)`,
      extensions: {
        code: "LIMIT_EXCEEDED",
        limit: "GRAPHQL_MAX_BODY_BYTES",
        maximum: limits.maxBodyBytes,
        actual: 10_000_000,
      },
    });
  });

  it("tells an announced upload within the limit to continue, and answers it", async () => {
    const body = JSON.stringify({ query: "{ companies(limit: 1) { id } }" });
    const answer = await askToContinue(app.url, Buffer.byteLength(body), body);
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
    const json = JSON.parse(answer.slice(answer.lastIndexOf("\r\n\r\n") + 4));
    expect(json.data.companies).toHaveLength(1);
  });

  it("answers a body it cannot decode with a GraphQL error and logs no stack trace for it", async () => {
    const logged = app.output().length;
    for (const [encoding, status, says] of [
      ["garbage", 415, /Content-Encoding "garbage" is not supported: send it uncompressed, or as gzip/],
      ["gzip", 400, /could not be read/],
    ] as const) {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const result = await attack(
          { query: "{ companies(limit: 1) { id } }" },
          { headers: { "content-encoding": encoding } },
        );
        expect(result.status).toBe(status);
        expect(result.json?.errors?.[0]).toEqual({
          message: expect.stringMatching(says),
          extensions: { code: "BAD_REQUEST" },
        });
      }
    }
    const output = app.output().slice(logged);
    expect(leaks(output), output.slice(0, 500)).toEqual([]);
    expect(output).not.toMatch(/Error|node_modules/);
  });

  it("sends the security headers with pages, files and API answers", async () => {
    const answers = await Promise.all([
      fetch(`${app.url}/`),
      fetch(`${app.url}/export/gexf?node=company:telefonica`),
      fetch(`${app.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ companies(limit: 1) { id } }" }),
      }),
    ]);
    for (const answer of answers) {
      await answer.arrayBuffer();
      const policy = answer.headers.get("content-security-policy") ?? "";
      expect(policy, answer.url).toMatch(/(^|; )frame-ancestors 'none'(;|$)/);
      expect(policy, answer.url).toMatch(/(^|; )script-src 'self'(;|$)/);
      expect(policy, answer.url).toMatch(/(^|; )default-src 'self'(;|$)/);
      expect(answer.headers.get("x-content-type-options"), answer.url).toBe("nosniff");
      expect(answer.headers.get("x-frame-options"), answer.url).toBe("DENY");
    }
  });
});

describe("hostile strings", { timeout: 120_000 }, () => {
  /** The root query fields that run a full-text search: a string argument and "search" in the name. */
  const searchFields = () =>
    Object.values(schema.getQueryType()?.getFields() ?? {}).filter(
      (field) =>
        /search|fulltext/i.test(field.name) &&
        field.args.some(
          (arg) => isScalarType(getNamedType(arg.type)) && getNamedType(arg.type).name === "String",
        ),
    );

  it("passes Lucene syntax to full-text search safely, and still finds what ordinary words find", async () => {
    const fields = searchFields();
    expect(
      fields.map((field) => field.name),
      "a full-text search field in the schema",
    ).not.toEqual([]);
    for (const field of fields) {
      const arg = field.args.find((candidate) => getNamedType(candidate.type).name === "String");
      if (!arg) continue;
      const query = `query S($q: ${String(arg.type)}) { ${field.name}(${arg.name}: $q) { __typename } }`;
      for (const phrase of [
        '"',
        "*",
        "~",
        "AND(",
        'telefonica"',
        "(((",
        "name:*",
        "\\",
        "[a TO",
        "a^-1",
        "/re",
        "OR",
        "-",
      ]) {
        await attack({ query, variables: { q: phrase } }, { payloads: [phrase] });
      }
      const control = await attack({ query, variables: { q: "telefonica" } });
      expect(control.outcome).toBe("answered");
      expect(JSON.stringify(control.json.data)).not.toBe(`{"${field.name}":[]}`);
    }
  });

  it("treats Cypher-looking input in every string argument as data", async () => {
    const probes = stringProbes(schema);
    expect(probes.length).toBeGreaterThan(100);
    // Every probe runs, and every failing one is listed: one report shows all the arguments to fix.
    const problems = probeProblems;
    await inPool(probes, 4, async (probe) => {
      try {
        await attack(probe.body, { payloads: [probe.payload] });
      } catch (error) {
        problems.push(
          `${probe.field} ${probe.path}: ${(error as Error).message.split("\n")[0]?.slice(0, 300)}`,
        );
      }
    });
    expect(problems).toEqual([]);
    expect(await graphChecksum(driver)).toBe(checksum);
  }, 240_000);
});

describe("introspection", { timeout: 120_000 }, () => {
  it("is refused in production unless configured, naming introspection", async () => {
    expectRefused(await attack({ query: "{ __schema { types { name } } }" }), /introspection/i);
    expectRefused(
      await attack({ query: '{ __type(name: "Company") { fields { name } } }' }),
      /introspection/i,
    );
  });

  it("when enabled, answers the standard introspection query and bounds abusive ones", async () => {
    const standard = await attack({ query: getIntrospectionQuery() }, { to: introspective });
    expect(standard.outcome).toBe("answered");
    const flood = Array.from({ length: 100 }, (_, i) => `s${i}: __schema { types { name fields { name } } }`);
    expectRefused(await attack({ query: `{ ${flood.join(" ")} }` }, { to: introspective }), /alias/i);
    let deep = "{ name }";
    for (let level = 0; level < 40; level += 1) deep = `{ name fields { type { ofType ${deep} } } }`;
    await attack({ query: `{ __schema { types ${deep} } }` }, { to: introspective });
  });
});

describe("after the attacks", { timeout: 120_000 }, () => {
  it("the app is up, answers, and the graph is unchanged", async () => {
    expect(app.alive()).toBe(true);
    expect(introspective.alive()).toBe(true);
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
    const result = await attack({ query: "{ companies(limit: 3) { id name } }" });
    expect(result.outcome).toBe("answered");
    expect(result.json.data.companies.length).toBe(3);
    expect(await graphChecksum(driver)).toBe(checksum);
    expect(tally.serverErrors).toBe(0);
  });
});
