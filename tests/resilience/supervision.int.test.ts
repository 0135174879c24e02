// Supervision of the app's own Neo4j: `npm start` (the real app, as a child process) runs its local Neo4j;
// the test SIGKILLs the JVM under it and checks that the app says why in its log, that /health, /ready and
// queries report it, and that queries are answered again after the automatic restart, without a person.
// Then it makes the restart impossible (the Bolt port taken) and checks that the app gives up after
// NEO4J_RESTART_ATTEMPTS and says so. The home, an existing one with loose permissions, is made private.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDriver } from "../../src/database.ts";
import { isAlive } from "../../src/neo4j-runtime/server.ts";
import { freePort } from "../helpers/ports.ts";
import {
  type AppProcess,
  classify,
  type Exchange,
  exchange,
  type Outcome,
  recordFigures,
  sleep,
  startApp,
} from "../helpers/resilience.ts";

const attempts = 2;
// Long enough that the "restarting" state is seen before a new JVM could possibly answer.
const backoffMs = 3_000;
const password = randomBytes(12).toString("hex");
const query = { query: '{ themes(where: { id: { eq: "theme:supervision-probe" } }) { id name } }' };

let home: string;
let boltPort: number;
let app: AppProcess | undefined;
/**
 * What the supervision measured, for RELIABILITY.md (bench/soak-report.ts): the cause the app logged, how
 * long after the kill it said so and answered queries again, what /health, /ready and queries said meanwhile.
 * Figures, never assertions: how fast a JVM restarts depends on how busy the machine is.
 */
const figures: Record<string, unknown> = { attempts, backoffMs };

/**
 * The queries sent while Neo4j was down or restarting, by outcome: "hung" got no answer in time, "failed"
 * no HTTP answer at all (the connection refused or reset).
 */
const probes: Record<Outcome | "hung" | "failed", number> = {
  answered: 0,
  refused: 0,
  unavailable: 0,
  "timed-out": 0,
  "server-error": 0,
  hung: 0,
  failed: 0,
};

/** Sends the probe query and counts its outcome; undefined when it got no HTTP answer. */
async function probe(url: string, timeoutMs = 10_000): Promise<Exchange | undefined> {
  try {
    const result = await exchange(url, query, { timeoutMs });
    probes[classify(result)] += 1;
    return result;
  } catch (error) {
    probes[(error as Error).name === "TimeoutError" ? "hung" : "failed"] += 1;
    return undefined;
  }
}

function jvmPid(): number {
  return Number(readFileSync(path.join(home, "run", "neo4j.pid"), "utf8").trim());
}

/** Polls `check` until it returns something other than undefined, or fails after `timeoutMs`. */
async function until<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

async function getJson(url: string) {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), "btech-graph-supervised-"));
  // A home from an older version: its password file world-readable, the home itself open to everyone.
  await writeFile(path.join(home, "password"), `${password}\n`, { mode: 0o644 });
  await chmod(path.join(home, "password"), 0o644);
  await mkdir(path.join(home, "data"), { mode: 0o755 });
  await chmod(home, 0o755);
  boltPort = await freePort();
  app = await startApp(
    "local",
    {
      NEO4J_HOME: home,
      NEO4J_BOLT_PORT: String(boltPort),
      NEO4J_JARS: inject("neo4jJars"),
      NEO4J_HEAP: "384m",
      NEO4J_PAGECACHE: "64m",
      NEO4J_RESTART_ATTEMPTS: String(attempts),
      NEO4J_RESTART_BACKOFF_MS: String(backoffMs),
      SEED_ON_EMPTY: "false",
      GRAPHQL_CACHE_SECONDS: "0",
    },
    { timeoutMs: 300_000 },
  );
  const driver = createDriver({
    uri: `bolt://127.0.0.1:${boltPort}`,
    username: "neo4j",
    password,
    database: "neo4j",
  });
  try {
    await driver.executeQuery("MERGE (:Theme {id: 'theme:supervision-probe', name: 'Supervision probe'})");
  } finally {
    await driver.close();
  }
}, 360_000);

afterAll(async () => {
  const probesSent = Object.values(probes).reduce((total, count) => total + count, 0);
  await recordFigures("supervision", { ...figures, probes: { sent: probesSent, ...probes } });
  await app?.stop();
  // The app stops its Neo4j; if a test left one behind, it goes too.
  if (home && existsSync(path.join(home, "run", "neo4j.pid")) && isAlive(jvmPid())) {
    process.kill(jvmPid(), "SIGKILL");
  }
  if (home) await rm(home, { recursive: true, force: true });
}, 120_000);

describe("the local Neo4j's home", () => {
  it("is private: the home and its data 0700, the password file and auth.ini 0600, an existing home too", async () => {
    const mode = async (file: string) => (await stat(path.join(home, file))).mode & 0o777;
    expect(await mode(".")).toBe(0o700);
    expect(await mode("data")).toBe(0o700);
    expect(await mode("password")).toBe(0o600);
    expect(await mode("data/dbms/auth.ini")).toBe(0o600);
  });
});

describe("the local Neo4j killed under the running app", () => {
  it("is reported with its cause, then restarted on its own: queries are answered again", async () => {
    if (!app) throw new Error("the app did not start");
    const running = app;
    expect(await getJson(`${running.url}/health`)).toEqual({
      status: 200,
      body: { status: "ok", localNeo4j: { state: "running", restarts: 0 } },
    });
    expect(classify(await exchange(running.url, query))).toBe("answered");

    const killed = jvmPid();
    const killedAt = performance.now();
    const restart: Record<string, unknown> = {};
    figures.restart = restart;
    process.kill(killed, "SIGKILL");

    // The log says what happened: which process, how it ended, and the end of its logs.
    const report = await until(
      "the app's report of the death",
      () =>
        new RegExp(`Neo4j \\(pid ${killed}\\) (.+?)\\. The end of its logs:\\n[^]*neo4j\\.log:\\n`).exec(
          running.output(),
        ) ?? undefined,
      15_000,
    );
    restart.causeLogged = report[1];
    // To within the 0.2 s between two looks at the log.
    restart.noticedAfterMs = Math.round(performance.now() - killedAt);
    expect(report[1]).toBe("killed by SIGKILL");

    const health = await getJson(`${running.url}/health`);
    const ready = await getJson(`${running.url}/ready`);
    restart.healthDuring = { status: health.status, body: health.body.status };
    restart.readyDuring = ready.status;
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: "degraded",
      localNeo4j: { state: "restarting", cause: "killed by SIGKILL", attempt: 1, attempts, restarts: 0 },
    });
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({
      status: "unavailable",
      error: "graph database unavailable",
      localNeo4j: { state: "restarting" },
    });
    const during = await probe(running.url);
    restart.queryDuring = during ? classify(during) : "hung";
    expect(restart.queryDuring).toBe("unavailable");

    // Nobody restarts anything: the app does, and the same driver serves again.
    const answer = await until(
      "a query answered after the restart",
      async () => {
        const result = await probe(running.url, 20_000);
        return result && classify(result) === "answered" ? result : undefined;
      },
      180_000,
    );
    restart.answeredAgainAfterMs = Math.round(performance.now() - killedAt);
    expect(answer.json.data.themes).toEqual([{ id: "theme:supervision-probe", name: "Supervision probe" }]);
    expect(running.alive()).toBe(true);
    expect(running.output()).toMatch(/Neo4j is back after restart 1 of 2/);
    const restarted = jvmPid();
    expect(restarted).not.toBe(killed);
    expect(isAlive(restarted)).toBe(true);
    expect(await getJson(`${running.url}/health`)).toMatchObject({
      status: 200,
      body: {
        status: "ok",
        localNeo4j: { state: "running", restarts: 1, lastCrash: { cause: "killed by SIGKILL" } },
      },
    });
    expect((await getJson(`${running.url}/ready`)).status).toBe(200);
    // The home's own log says what happened too.
    expect(readFileSync(path.join(home, "logs", "console.log"), "utf8")).toContain(
      `[btech-graph] Neo4j (pid ${killed}) killed by SIGKILL`,
    );
  }, 240_000);

  it(`gives up after ${attempts} failed restarts, says so, and /health says so`, async () => {
    if (!app) throw new Error("the app did not start");
    const running = app;
    const killed = jvmPid();
    const killedAt = performance.now();
    const giveUp: Record<string, unknown> = {};
    figures.giveUp = giveUp;
    process.kill(killed, "SIGKILL");
    // Another program takes the Bolt port as soon as the JVM lets go of it: no restart can succeed.
    const squatter = await until(
      "taking the freed Bolt port",
      () =>
        new Promise<net.Server | undefined>((resolve) => {
          const server = net.createServer();
          server.once("error", () => resolve(undefined));
          server.listen(boltPort, "127.0.0.1", () => resolve(server));
        }),
      5_000,
    );
    try {
      await until(
        "giving up",
        () => (/Gave up restarting Neo4j after 2 failed attempts/.test(running.output()) ? true : undefined),
        backoffMs * 3 + 30_000,
      );
      giveUp.gaveUpAfterMs = Math.round(performance.now() - killedAt);
      giveUp.failureLogged = /Restart 2 of 2 failed: ([^\n]+)/.exec(running.output())?.[1];
      expect(running.output()).toMatch(
        new RegExp(`Restart 2 of 2 failed: Port ${boltPort} on 127\\.0\\.0\\.1 is already in use`),
      );
      const health = await getJson(`${running.url}/health`);
      const ready = await getJson(`${running.url}/ready`);
      const after = await probe(running.url);
      Object.assign(giveUp, {
        health: { status: health.status, body: health.body.status },
        ready: ready.status,
        query: after ? classify(after) : "hung",
        appAlive: running.alive(),
      });
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({
        status: "failed",
        localNeo4j: { state: "failed", cause: "killed by SIGKILL", attempts, restarts: 1 },
      });
      expect(ready.status).toBe(503);
      expect(giveUp.query).toBe("unavailable");
      expect(running.alive()).toBe(true);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  }, 120_000);
});
