// Issue #13: a 2.5 KB request whose variables nest `{ NOT: { NOT: … } }` hundreds of levels deep used to pass
// every limit and hold a pooled Neo4j connection for about two minutes; fifty of them made /ready and every
// query answer 503. Against the real app (a child process, production settings) on the seeded graph: fifty
// at once, through /graphql and through /export, are each refused with LIMIT_EXCEEDED naming
// GRAPHQL_MAX_INPUT_DEPTH, /ready answers 200 while they arrive and after, and the graph is unchanged.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { ensureSeeded, graphChecksum } from "../helpers/graph.ts";
import { sharedDriver, sharedNeo4j } from "../helpers/neo4j.ts";
import {
  type AppProcess,
  classify,
  type Exchange,
  exchange,
  leaks,
  recordFigures,
  startApp,
} from "../helpers/resilience.ts";

const limits = loadConfig({ NODE_ENV: "production" }).api.limits;
const concurrent = 50;
/** A request that gets no answer within this is counted as hung (the bug held them about two minutes). */
const hungAfterMs = 60_000;

const driver = sharedDriver();
let app: AppProcess;
let checksum: string;
/** What each part measured, for RELIABILITY.md (bench/soak-report.ts), recorded even when a check fails. */
const figures: Record<string, unknown> = {};

/** How many of each value. */
function countEach(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/**
 * The figures of one part: requests sent, refused as the client's fault, server errors, hung (no answer
 * within `hungAfterMs`: `undefined` here), the error codes and HTTP statuses seen, the slowest answer.
 */
function measured(results: (Exchange | undefined)[]) {
  const answered = results.filter((result): result is Exchange => result !== undefined);
  return {
    sent: results.length,
    refused: answered.filter((result) => classify(result) === "refused").length,
    serverErrors: answered.filter((result) => classify(result) === "server-error").length,
    hung: results.length - answered.length,
    codes: countEach(answered.map((result) => result.json?.errors?.[0]?.extensions?.code ?? "none")),
    statuses: countEach(answered.map((result) => String(result.status))),
    slowestMs: Math.round(Math.max(0, ...answered.map((result) => result.ms))),
  };
}

/** The exchange, or undefined when it got no answer in time (hung). */
async function unlessHung(sending: Promise<Exchange>): Promise<Exchange | undefined> {
  try {
    return await sending;
  } catch (error) {
    if ((error as Error).name === "TimeoutError") return undefined;
    throw error;
  }
}

/** Each result was answered: the hung ones are reported by `measured` and fail the test here. */
function allAnswered(results: (Exchange | undefined)[]): Exchange[] {
  const answered = results.filter((result): result is Exchange => result !== undefined);
  expect(answered.length, `requests with no answer within ${hungAfterMs / 1000} s`).toBe(results.length);
  return answered;
}

/** `{ NOT: { NOT: … { id: { eq: "x" } } } }`, `levels` NOTs deep: 800 levels is about 6.5 KB of JSON. */
function negated(levels: number): Record<string, unknown> {
  let where: Record<string, unknown> = { id: { eq: "x" } };
  for (let level = 0; level < levels; level += 1) where = { NOT: where };
  return where;
}

/** The attack through the export route: a GET that names the query and its variables. */
async function exportAttack(levels: number, headers: Record<string, string>): Promise<Exchange> {
  const search = new URLSearchParams({
    query: "query Q($w: CompanyWhere) { companies(where: $w) { id } }",
    variables: JSON.stringify({ w: negated(levels) }),
  });
  const started = performance.now();
  const response = await fetch(`${app.url}/export/d3?${search}`, {
    headers,
    signal: AbortSignal.timeout(hungAfterMs),
  });
  const text = await response.text();
  return { status: response.status, ms: performance.now() - started, text, json: JSON.parse(text) };
}

async function ready(): Promise<number> {
  return (await fetch(`${app.url}/ready`, { signal: AbortSignal.timeout(hungAfterMs) })).status;
}

/** Each refusal names the input-depth limit, with its code, numbers and no internals. */
function expectDepthRefusal(result: Exchange, levels: number) {
  expect(result.status, result.text.slice(0, 300)).toBe(400);
  expect(result.json.errors?.[0]).toMatchObject({
    message: `The input of companies(where:) nests ${levels + 2} levels deep, more than the maximum of ${limits.maxInputDepth} (GRAPHQL_MAX_INPUT_DEPTH)`,
    extensions: {
      code: "LIMIT_EXCEEDED",
      limit: "GRAPHQL_MAX_INPUT_DEPTH",
      maximum: limits.maxInputDepth,
      actual: levels + 2,
    },
  });
  expect(leaks(result.text)).toEqual([]);
}

beforeAll(async () => {
  await ensureSeeded(driver);
  checksum = await graphChecksum(driver);
  app = await startApp(sharedNeo4j());
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await driver.close();
  await recordFigures("nested-input", { concurrent, maxInputDepth: limits.maxInputDepth, ...figures });
});

describe("nested input under load", { timeout: 180_000 }, () => {
  it(`refuses ${concurrent} concurrent nested-variable requests, each naming GRAPHQL_MAX_INPUT_DEPTH, while /ready stays 200`, async () => {
    const levels = 800;
    const body = {
      query: "query Q($w: CompanyWhere) { companies(where: $w) { id } }",
      variables: { w: negated(levels) },
    };
    // /ready is asked while the attack is in flight (started in the same breath), then after it.
    const [sent, readiness] = await Promise.all([
      Promise.all(
        Array.from({ length: concurrent }, () =>
          unlessHung(exchange(app.url, body, { timeoutMs: hungAfterMs })),
        ),
      ),
      Promise.all(Array.from({ length: 5 }, () => ready())),
    ]);
    const readyAfter = await ready();
    figures.graphql = { levels, ...measured(sent), readyDuring: readiness, readyAfter };
    const attacks = allAnswered(sent);
    expect(attacks).toHaveLength(concurrent);
    for (const result of attacks) expectDepthRefusal(result, levels);
    expect(readiness).toEqual([200, 200, 200, 200, 200]);
    expect(readyAfter).toBe(200);
    const control = await exchange(app.url, { query: "{ companies(limit: 2) { id } }" });
    expect(control.status).toBe(200);
    expect(control.json.data.companies).toHaveLength(2);
  });

  it(`refuses the same attack ${concurrent} times at once through GET /export/d3?query=…&variables=…`, async () => {
    const levels = 300;
    const [sent, readiness] = await Promise.all([
      Promise.all(
        Array.from({ length: concurrent }, () =>
          unlessHung(exportAttack(levels, { "apollo-require-preflight": "true" })),
        ),
      ),
      Promise.all(Array.from({ length: 5 }, () => ready())),
    ]);
    const readyAfter = await ready();
    figures.export = { levels, ...measured(sent), readyDuring: readiness, readyAfter };
    const attacks = allAnswered(sent);
    expect(attacks).toHaveLength(concurrent);
    for (const result of attacks) {
      expectDepthRefusal(result, levels);
      expect(result.json.error).toMatch(/^the query failed: .*\(GRAPHQL_MAX_INPUT_DEPTH\)$/);
    }
    expect(readiness).toEqual([200, 200, 200, 200, 200]);
    expect(readyAfter).toBe(200);
  });

  it("refuses it from a plain link or form of another site (no preflight header) as CSRF, before any limit", async () => {
    const sent: Exchange[] = [];
    for (const headers of [{}, { "content-type": "text/plain" }] as Record<string, string>[]) {
      const result = await exportAttack(300, headers);
      sent.push(result);
      figures.csrf = { levels: 300, ...measured(sent) };
      expect(result.status).toBe(400);
      expect(result.json.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/Cross-Site Request Forgery \(CSRF\)/),
        extensions: { code: "BAD_REQUEST" },
      });
    }
  });

  it("refuses nested inline input and a deep relationship filter, naming their limits", async () => {
    const inline = await exchange(app.url, {
      query: `{ events(where: ${"{ NOT: ".repeat(400)}{ id: { eq: "x" } }${" }".repeat(400)}) { id } }`,
    });
    expect(inline.status).toBe(400);
    expect(inline.json.errors?.[0]?.extensions).toMatchObject({
      code: "LIMIT_EXCEEDED",
      limit: "GRAPHQL_MAX_INPUT_DEPTH",
      actual: 402,
    });
    let where = '{ id: { eq: "x" } }';
    for (let level = 7; level >= 0; level -= 1) {
      where = `{ ${level % 2 === 0 ? "events" : "companies"}: { some: ${where} } }`;
    }
    const deepWhere = await exchange(app.url, { query: `{ companies(where: ${where}) { id } }` });
    figures.inlineAndRelationship = { levels: "400; 8", ...measured([inline, deepWhere]) };
    expect(deepWhere.status).toBe(400);
    expect(deepWhere.json.errors?.[0]?.extensions).toMatchObject({
      code: "LIMIT_EXCEEDED",
      limit: "GRAPHQL_MAX_COST",
    });
  });

  it("leaves the app up and the graph unchanged", async () => {
    const readyAfter = await ready();
    figures.after = {
      appAlive: app.alive(),
      ready: readyAfter,
      graphUnchanged: (await graphChecksum(driver)) === checksum,
    };
    expect(figures.after).toEqual({ appAlive: true, ready: 200, graphUnchanged: true });
  });
});
