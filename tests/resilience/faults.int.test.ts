// Faults, on a Neo4j of this file's own: the database SIGKILLed under a read load and in the middle of an
// import, then restarted; the app process SIGKILLed under a read/write load, then started again. The API
// reports unavailability fast, recovers without a restart, an interrupted import leaves nothing, and no
// acknowledged write is lost.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Driver } from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDriver } from "../../src/database.ts";
import { importSeedFiles } from "../../src/importer/index.ts";
import { ensureSeeded, graphChecksum, graphCounts } from "../helpers/graph.ts";
import { privateNeo4j } from "../helpers/neo4j.ts";
import {
  type AppProcess,
  classify,
  editorClaims,
  exchange,
  jwtSecretVariable,
  type Outcome,
  percentile,
  recordFigures,
  signJwt,
  sleep,
  startApp,
} from "../helpers/resilience.ts";
import { generateDataset } from "../helpers/synthetic-graph.ts";

/** A request during an outage must come back (with an error) within this. */
const failFastMs = 10_000;
/** After Neo4j answers again, the app must serve within this, without being restarted. */
const recoverWithinMs = 30_000;

let neo: Awaited<ReturnType<typeof privateNeo4j>>;
let driver: Driver;
let app: AppProcess;
const secret = randomBytes(24).toString("hex");
const faults: Record<string, unknown>[] = [];
let requests = 0;

const readMix = [
  "{ companies(limit: 10) { id name events(limit: 5) { id date } } }",
  "{ themes(limit: 10) { id name broader { id } } }",
  "{ eventsConnection(first: 5) { totalCount edges { node { id name } } } }",
];

interface Sample {
  at: number;
  outcome: Outcome | "no-response";
  ms: number;
}

/** Reads in a loop from `workers` clients until `stop()`; every request is bounded in time. */
function readLoad(url: () => string, workers = 3) {
  const samples: Sample[] = [];
  let running = true;
  const loop = async (worker: number) => {
    for (let index = worker; running; index += 1) {
      const started = Date.now();
      try {
        const result = await exchange(
          url(),
          { query: readMix[index % readMix.length] },
          { timeoutMs: failFastMs * 2 },
        );
        samples.push({ at: started, outcome: classify(result), ms: result.ms });
      } catch {
        // Connection refused or reset (the app itself is down), or no answer in time.
        samples.push({ at: started, outcome: "no-response", ms: Date.now() - started });
        await sleep(100);
      }
      requests += 1;
      await sleep(20);
    }
  };
  const done = Promise.all(Array.from({ length: workers }, (_, worker) => loop(worker)));
  return {
    samples,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

// No response cache: the read load repeats a few queries, which a cache would answer without Neo4j; the
// faults are about the path through Neo4j.
const appEnv = { [jwtSecretVariable]: secret, GRAPHQL_CACHE_SECONDS: "0" };

beforeAll(async () => {
  neo = await privateNeo4j();
  driver = createDriver(neo.connection);
  await ensureSeeded(driver);
  app = await startApp(neo.connection, appEnv);
}, 400_000);

afterAll(async () => {
  await app?.stop();
  await driver?.close();
  await neo?.dispose();
  await recordFigures("faults", {
    requests,
    faultsInjected: faults.length,
    faultsSurvived: faults.filter((fault) => fault.survived === true).length,
    dataLost: faults.reduce((sum, fault) => sum + Number(fault.dataLost ?? 0), 0),
    faults,
  });
});

describe("Neo4j killed (SIGKILL) and restarted", () => {
  it("under a read load: fast unavailability errors, recovery without restarting the app, graph intact", async () => {
    const fault: Record<string, unknown> = { fault: "Neo4j SIGKILL during a read load", survived: false };
    faults.push(fault);
    const before = await graphChecksum(driver);
    const load = readLoad(() => app.url);
    await sleep(3_000);

    const killedAt = Date.now();
    neo.server.kill();
    await sleep(5_000);
    const ready = await fetch(`${app.url}/ready`, { signal: AbortSignal.timeout(failFastMs) });
    expect(ready.status).toBe(503);

    await neo.server.start({ password: neo.password });
    const restartedAt = Date.now();
    const deadline = restartedAt + recoverWithinMs;
    while (
      !load.samples.some((s) => s.at >= restartedAt && s.outcome === "answered") &&
      Date.now() < deadline
    ) {
      await sleep(200);
    }
    await sleep(2_000);
    await load.stop();

    const beforeKill = load.samples.filter((s) => s.at < killedAt - 1_000);
    const outage = load.samples.filter((s) => s.at > killedAt + 500 && s.at < restartedAt - 500);
    const afterRecovery = load.samples.filter((s) => s.at > restartedAt && s.outcome === "answered");
    const firstUnavailable = load.samples.find((s) => s.at >= killedAt && s.outcome !== "answered");
    const recoveredAt = afterRecovery[0]?.at;
    Object.assign(fault, {
      requests: load.samples.length,
      duringOutage: outage.length,
      outageOutcomes: countBy(outage.map((s) => s.outcome)),
      outageP99Ms: Math.round(
        percentile(
          outage.map((s) => s.ms),
          99,
        ),
      ),
      firstErrorAfterKillMs: firstUnavailable ? firstUnavailable.at + firstUnavailable.ms - killedAt : null,
      recoveryAfterRestartMs: recoveredAt ? recoveredAt - restartedAt : null,
      appRestarted: false,
      restartTookMs: restartedAt - killedAt,
      // When the requests that did not get the unavailability error were sent, counted from the kill.
      otherOutcomesAtMs: outage.filter((s) => s.outcome !== "unavailable").map((s) => s.at - killedAt),
    });

    expect(beforeKill.length).toBeGreaterThan(0);
    expect(beforeKill.every((s) => s.outcome === "answered")).toBe(true);
    expect(outage.length).toBeGreaterThan(0);
    // Every request during the outage comes back fast with the "graph database unavailable" error.
    expect(countBy(outage.map((s) => s.outcome))).toEqual({ unavailable: outage.length });
    expect(Math.max(...outage.map((s) => s.ms))).toBeLessThan(failFastMs);
    // Back without restarting the app: same process, answering again.
    expect(app.alive()).toBe(true);
    expect(recoveredAt).toBeDefined();
    expect((await fetch(`${app.url}/ready`)).status).toBe(200);
    expect(await graphChecksum(driver)).toBe(before);
    Object.assign(fault, { survived: true, dataLost: 0 });
  }, 300_000);

  it("in the middle of an import: the import leaves nothing behind, and a rerun completes", async () => {
    const fault: Record<string, unknown> = {
      fault: "Neo4j SIGKILL in the middle of an import",
      survived: false,
    };
    faults.push(fault);
    const folder = await mkdtemp(path.join(tmpdir(), "btech-resilience-import-"));
    try {
      // Big enough for several write batches (1,000 records each), small enough for a busy 2-core machine.
      const dataset = await generateDataset(1_500, 8, folder);
      const countsBefore = await graphCounts(driver);
      const before = await graphChecksum(driver);

      let killedAt: { done: number; total: number } | undefined;
      const importStarted = Date.now();
      const attempt = importSeedFiles(driver, "neo4j", dataset.files, {
        onProgress: (done, total) => {
          // The first batch written, not the last: the importer writes nodes, then facts, 5,000 rows a batch.
          if (!killedAt && done > 0 && done < total) {
            killedAt = { done, total };
            neo.server.kill();
          }
        },
      });
      await expect(attempt).rejects.toThrow();
      expect(killedAt, "the kill landed while the import was writing").toBeDefined();
      expect(killedAt?.done).toBeLessThan(killedAt?.total ?? 0);

      const killMs = Date.now() - importStarted;
      const restartStarted = Date.now();
      await neo.server.start({ password: neo.password });
      await waitForGraph(driver);
      const restartMs = Date.now() - restartStarted;
      const countsAfter = await graphCounts(driver);
      const lost = Math.abs(countsAfter.nodes - countsBefore.nodes);
      Object.assign(fault, {
        records: (killedAt?.total ?? 0) as number,
        killedAfterRecords: killedAt?.done,
        nodesBefore: countsBefore.nodes,
        nodesAfter: countsAfter.nodes,
        importStartToKillMs: killMs,
        restartMs,
      });
      expect(countsAfter).toEqual(countsBefore);
      expect(await graphChecksum(driver)).toBe(before);

      const rerun = await importSeedFiles(driver, "neo4j", dataset.files);
      const created = Object.values(rerun.nodes).reduce((sum, counts) => sum + counts.created, 0);
      expect(created).toBeGreaterThanOrEqual(dataset.entities);
      expect((await graphCounts(driver)).nodes).toBeGreaterThan(countsBefore.nodes + dataset.entities);
      // The API serves the grown graph without having been restarted.
      const served = await exchange(app.url, { query: "{ companies(limit: 1) { id } }" });
      expect(classify(served)).toBe("answered");
      Object.assign(fault, { survived: true, dataLost: lost, rerunCreatedNodes: created });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 300_000);
});

describe("the app process killed (SIGKILL) and started again", () => {
  it("under reads and editor writes: every acknowledged write is still there, nothing else changed", async () => {
    const fault: Record<string, unknown> = { fault: "app SIGKILL during reads and writes", survived: false };
    faults.push(fault);
    const before = await graphChecksum(driver);
    const token = signJwt(editorClaims, secret);
    const port = Number(new URL(app.url).port);
    const acknowledged: string[] = [];
    const writeOutcomes: Outcome[] = [];
    let firstRefusal = "";
    let writing = true;
    let counter = 0;
    const writer = (async () => {
      while (writing) {
        const id = `theme:resilience-write-${counter}`;
        counter += 1;
        try {
          const result = await exchange(
            app.url,
            {
              query: `mutation W($id: ID!, $name: String!) {
                upsertEntities(input: [{ id: $id, name: $name, evidence: [{ source: "source:btech-cop-2022-year-end-review", section: "TEST", quote: "resilience write" }] }]) { created }
              }`,
              variables: { id, name: `Resilience write ${counter}` },
            },
            { headers: { authorization: `Bearer ${token}` }, timeoutMs: failFastMs * 2 },
          );
          writeOutcomes.push(classify(result));
          if (classify(result) !== "answered" && !firstRefusal) firstRefusal = result.text.slice(0, 300);
          if (result.json?.data?.upsertEntities?.created?.[0] === id) acknowledged.push(id);
        } catch {
          await sleep(100);
        }
        requests += 1;
        await sleep(30);
      }
    })();
    const load = readLoad(() => app.url, 2);
    await sleep(4_000);

    const killedAt = Date.now();
    await app.kill();
    const acknowledgedAtKill = acknowledged.length;
    await sleep(1_000);
    app = await startApp(neo.connection, appEnv, { port });
    const restartedAt = Date.now();
    await sleep(4_000);
    writing = false;
    await writer;
    await load.stop();

    const { records } = await driver.executeQuery(
      "MATCH (t:Theme) WHERE t.id IN $ids RETURN count(t) AS present",
      { ids: acknowledged },
    );
    const present = records[0]?.get("present") as number;
    Object.assign(fault, {
      requests: load.samples.length + counter,
      acknowledgedWrites: acknowledged.length,
      acknowledgedBeforeKill: acknowledgedAtKill,
      acknowledgedWritesFound: present,
      appDownMs: restartedAt - killedAt,
      writeOutcomes: countBy(writeOutcomes),
      ...(firstRefusal ? { firstWriteNotAnswered: firstRefusal } : {}),
      dataLost: acknowledged.length - present,
    });

    expect(acknowledgedAtKill).toBeGreaterThan(0);
    expect(acknowledged.length).toBeGreaterThan(acknowledgedAtKill);
    expect(present).toBe(acknowledged.length);
    expect(load.samples.some((s) => s.at > restartedAt && s.outcome === "answered")).toBe(true);
    expect(writeOutcomes).not.toContain("server-error");
    await driver.executeQuery(
      "MATCH (t:Theme) WHERE t.id STARTS WITH 'theme:resilience-write-' DETACH DELETE t",
    );
    expect(await graphChecksum(driver)).toBe(before);
    fault.survived = true;
  }, 300_000);
});

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/** Waits until the restarted server accepts a query (it may still be recovering its store). */
async function waitForGraph(target: Driver): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await target.executeQuery("MATCH (n) RETURN count(n) AS n");
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(500);
    }
  }
}
