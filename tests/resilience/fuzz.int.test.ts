// Schema-driven fuzzing: a few thousand operations generated from the served schema with a fixed seed
// (valid queries, malformed ones, anonymous mutations) against the real app in production mode. No 5xx, no
// masked internal error, no hung request, the app healthy after, the graph unchanged.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureSeeded, graphChecksum } from "../helpers/graph.ts";
import { sharedDriver, sharedNeo4j } from "../helpers/neo4j.ts";
import { seededRandom } from "../helpers/random.ts";
import { type FuzzCase, type FuzzKind, fuzzCases } from "./operations.ts";
import {
  type AppProcess,
  classify,
  exchange,
  jwtSecretVariable,
  leaks,
  type Outcome,
  percentile,
  recordFigures,
  servedSchema,
  startApp,
} from "./support.ts";

/**
 * FUZZ_SEED and FUZZ_COUNT reproduce or widen a run; FUZZ_SECONDS bounds its time: on a busy machine the
 * run stops sending when the time is up and checks what it sent (at least `minimumSent`).
 */
const seed = Number(process.env.FUZZ_SEED ?? 20_221_231);
const count = Number(process.env.FUZZ_COUNT ?? 2_000);
const seconds = Number(process.env.FUZZ_SECONDS ?? 150);
const minimumSent = Math.min(count, 500);
const concurrency = 4;
/** A request without an answer after this long counts as hung. */
const hungAfterMs = 15_000;

const driver = sharedDriver();
let app: AppProcess;
let checksum: string;

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
  // A short server-side timeout: a fuzzed query that would run long is stopped (TIMEOUT, documented) rather
  // than holding a worker for the default 10 s.
  app = await startApp(sharedNeo4j(), {
    [jwtSecretVariable]: randomBytes(24).toString("hex"),
    GRAPHQL_TIMEOUT_MS: "3000",
  });
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await driver.close();
});

describe(`fuzzing ${count} generated operations (seed ${seed})`, () => {
  it("gets no server error, no hung request and no leak, and the graph stays unchanged", async () => {
    const cases = fuzzCases(await servedSchema(), seededRandom(seed), count);
    let next = 0;
    const deadline = Date.now() + seconds * 1000;
    const worker = async () => {
      while (next < cases.length && Date.now() < deadline) {
        const fuzzCase = cases[next] as FuzzCase;
        next += 1;
        try {
          const result = await exchange(app.url, fuzzCase.body, { timeoutMs: hungAfterMs });
          sent.push({
            case: fuzzCase,
            outcome: classify(result),
            status: result.status,
            ms: result.ms,
            leaks: leaks(result.text, [JSON.stringify(fuzzCase.body)]),
            text: result.text.slice(0, 300),
          });
        } catch (error) {
          if ((error as Error).name !== "TimeoutError") throw error;
          sent.push({ case: fuzzCase, outcome: "hung", status: 0, ms: hungAfterMs, leaks: [], text: "" });
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));

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
      serverErrors: sent.filter((entry) => entry.outcome === "server-error").length,
      timedOut: sent.filter((entry) => entry.outcome === "timed-out").length,
      hung: sent.filter((entry) => entry.outcome === "hung").length,
      leaks: leaking.length,
      p50Ms: Math.round(percentile(durations, 50)),
      p99Ms: Math.round(percentile(durations, 99)),
      maxMs: Math.round(Math.max(...durations)),
    });

    const show = (entries: Sent[]) =>
      entries.slice(0, 5).map((entry) => ({ how: entry.case.how, body: entry.case.body, got: entry.text }));
    expect(sent.length).toBeGreaterThanOrEqual(minimumSent);
    expect(show(failures)).toEqual([]);
    expect(show(leaking)).toEqual([]);
    // Every malformed operation and every anonymous mutation is the client's fault, refused as such.
    expect(show(sent.filter((e) => e.case.kind !== "valid-query" && e.outcome !== "refused"))).toEqual([]);
    // Most valid queries get data: a server refusing everything would pass the checks above.
    expect(by("valid-query", "answered")).toBeGreaterThan(by("valid-query", "refused"));

    expect(app.alive()).toBe(true);
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
    expect((await fetch(`${app.url}/ready`)).status).toBe(200);
    expect(await graphChecksum(driver)).toBe(checksum);
  }, 600_000);
});
