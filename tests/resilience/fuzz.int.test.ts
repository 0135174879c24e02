// Schema-driven fuzzing against the real app in production mode, with a fixed seed: valid queries, malformed
// ones, filters nested hundreds of levels deep or thousands wide, anonymous mutations — then mutations with an
// editor's token through the editing API. No 5xx, no masked internal error, no hung request, the app healthy
// after; the anonymous requests leave the graph unchanged, and the editors' leave it sound (every invariant of
// src/editing/invariants.ts holds).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkInvariants } from "../../src/editing/index.ts";
import { clearGraph, ensureSeeded, graphChecksum } from "../helpers/graph.ts";
import { sharedDriver, sharedNeo4j } from "../helpers/neo4j.ts";
import { seededRandom } from "../helpers/random.ts";
import {
  type AppProcess,
  classify,
  editorClaims,
  exchange,
  jwtSecretVariable,
  leaks,
  type Outcome,
  percentile,
  recordFigures,
  servedSchema,
  signJwt,
  startApp,
} from "../helpers/resilience.ts";
import {
  editorCases,
  type FuzzCase,
  type FuzzKind,
  fuzzCases,
  hostileStrings,
  type KnownGraph,
} from "./operations.ts";

/**
 * FUZZ_SEED and FUZZ_COUNT reproduce or widen a run (a tenth of the count are editors' mutations);
 * FUZZ_SECONDS bounds each phase's time: on a very busy machine a phase stops sending when its time is up
 * and checks what it sent (at least `minimumSent`).
 */
const seed = Number(process.env.FUZZ_SEED ?? 20_221_231);
const count = Number(process.env.FUZZ_COUNT ?? 5_000);
const seconds = Number(process.env.FUZZ_SECONDS ?? 600);
const editorCount = Math.round(count / 10);
const minimumSent = Math.min(count, 2_000);
const concurrency = 4;
/** A request without an answer after this long counts as hung. */
const hungAfterMs = 15_000;

const driver = sharedDriver();
let app: AppProcess;
let checksum: string;
let secret: string;

interface Sent {
  case: FuzzCase;
  outcome: Outcome | "hung";
  status: number;
  ms: number;
  leaks: string[];
  text: string;
}
const sent: Sent[] = [];

beforeAll(async () => {
  await ensureSeeded(driver);
  checksum = await graphChecksum(driver);
  // Short server-side timeouts: a fuzzed query that would run long is stopped (TIMEOUT, documented) rather
  // than holding a worker for the default 10 s; an analytics request waits for a slot at most 3 s and runs at
  // most 3 s (by default 60 s each, past the 15 s after which a request counts as hung here: at load 20-27,
  // requests queued behind other analytics runs went unanswered for 15 s and failed the run).
  secret = randomBytes(24).toString("hex");
  app = await startApp(sharedNeo4j(), {
    [jwtSecretVariable]: secret,
    GRAPHQL_TIMEOUT_MS: "3000",
    ANALYTICS_TIMEOUT_MS: "3000",
  });
}, 300_000);

afterAll(async () => {
  await app?.stop();
  // The editors' phase changed the graph: the files after this one find the bundled seed as it is.
  await clearGraph(driver);
  await ensureSeeded(driver);
  await driver.close();
});

/**
 * Sends `cases` with `concurrency` clients until they are all sent or `seconds` have passed, and records each
 * outcome in `sent`.
 */
async function send(cases: FuzzCase[], headers: Record<string, string> = {}) {
  let next = 0;
  const deadline = Date.now() + seconds * 1000;
  const worker = async () => {
    while (next < cases.length && Date.now() < deadline) {
      const fuzzCase = cases[next] as FuzzCase;
      next += 1;
      try {
        const result = await exchange(app.url, fuzzCase.body, { timeoutMs: hungAfterMs, headers });
        sent.push({
          case: fuzzCase,
          outcome: classify(result),
          status: result.status,
          ms: result.ms,
          // An error that quotes the client's own value back (an id it sent that is not one) leaks nothing,
          // even when that value is a Cypher injection attempt: what was sent is taken out before looking.
          leaks: leaks(result.text, [JSON.stringify(fuzzCase.body), ...hostileStrings]),
          text: result.text.slice(0, 300),
        });
      } catch (error) {
        if ((error as Error).name !== "TimeoutError") throw error;
        sent.push({ case: fuzzCase, outcome: "hung", status: 0, ms: hungAfterMs, leaks: [], text: "" });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Ids and citations of the seeded graph, for editor mutations that touch what is there. */
async function knownGraph(): Promise<KnownGraph> {
  const { records } = await driver.executeQuery(`
    MATCH (e:Entity) WITH collect(e.id) AS entityIds
    MATCH (s:Source) WITH entityIds, collect(s.id) AS sourceIds
    MATCH (f:Fact)-[c:CITED_IN]->(s:Source)
    WITH entityIds, sourceIds, f, c, s ORDER BY f.id, c.quote LIMIT 200
    RETURN entityIds, sourceIds,
      collect({ factId: f.id, source: s.id, section: c.section, quote: c.quote }) AS citations`);
  const record = records[0];
  if (!record) throw new Error("the seeded graph has no cited fact");
  return {
    entityIds: record.get("entityIds"),
    sourceIds: record.get("sourceIds"),
    citations: record.get("citations"),
  };
}

describe(`fuzzing ${count} generated operations (seed ${seed})`, () => {
  it("gets no server error, no hung request and no leak; anonymous requests change nothing, editors' keep the graph sound", async () => {
    const schema = await servedSchema();
    const rng = seededRandom(seed);
    await send(fuzzCases(schema, rng, count - editorCount));
    const anonymousSent = sent.length;
    const unchanged = (await graphChecksum(driver)) === checksum;

    const editor = { authorization: `Bearer ${signJwt(editorClaims, secret)}` };
    await send(editorCases(schema, rng, editorCount, await knownGraph()), editor);
    const violations = await checkInvariants(driver, sharedNeo4j().database);

    const by = (kind: FuzzKind, outcome: Sent["outcome"]) =>
      sent.filter((entry) => entry.case.kind === kind && entry.outcome === outcome).length;
    const failures = sent.filter((entry) => entry.outcome === "server-error" || entry.outcome === "hung");
    const leaking = sent.filter((entry) => entry.leaks.length > 0);
    const durations = sent.map((entry) => entry.ms);
    await recordFigures("fuzz", {
      seed,
      generated: count,
      sent: sent.length,
      validQueries: { answered: by("valid-query", "answered"), refused: by("valid-query", "refused") },
      invalid: { refused: by("invalid", "refused"), answered: by("invalid", "answered") },
      nestedInputs: { refused: by("nested-input", "refused"), answered: by("nested-input", "answered") },
      anonymousMutations: {
        refused: by("anonymous-mutation", "refused"),
        answered: by("anonymous-mutation", "answered"),
      },
      editorMutations: {
        answered: by("editor-mutation", "answered"),
        refused: by("editor-mutation", "refused"),
      },
      serverErrors: sent.filter((entry) => entry.outcome === "server-error").length,
      timedOut: sent.filter((entry) => entry.outcome === "timed-out").length,
      hung: sent.filter((entry) => entry.outcome === "hung").length,
      leaks: leaking.length,
      graphUnchangedByAnonymous: unchanged,
      invariantViolationsAfterEditors: violations.length,
      p50Ms: Math.round(percentile(durations, 50)),
      p99Ms: Math.round(percentile(durations, 99)),
      maxMs: Math.round(Math.max(...durations)),
    });

    const show = (entries: Sent[]) =>
      entries.slice(0, 5).map((entry) => ({ how: entry.case.how, body: entry.case.body, got: entry.text }));
    expect(anonymousSent).toBeGreaterThanOrEqual(minimumSent);
    expect(show(failures)).toEqual([]);
    expect(show(leaking)).toEqual([]);
    // Every malformed operation and every anonymous mutation is the client's fault, refused as such.
    const mustBeRefused: FuzzKind[] = ["invalid", "anonymous-mutation"];
    expect(show(sent.filter((e) => mustBeRefused.includes(e.case.kind) && e.outcome !== "refused"))).toEqual(
      [],
    );
    // Most valid queries get data, and editors get some writes through: a server refusing everything would
    // pass the checks above.
    expect(by("valid-query", "answered")).toBeGreaterThan(by("valid-query", "refused"));
    expect(by("editor-mutation", "answered")).toBeGreaterThan(0);
    expect(unchanged).toBe(true);
    expect(violations).toEqual([]);

    expect(app.alive()).toBe(true);
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
    expect((await fetch(`${app.url}/ready`)).status).toBe(200);
  }, 1_500_000);
});
