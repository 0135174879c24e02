// `npm run soak [-- --minutes 10 --rate 20]`: a bounded soak on loopback. Starts a throwaway Neo4j and the
// app (as `npm start` runs it, production settings but no response cache), seeds the graph, sends a steady
// rate of reads (with a share of hostile requests that must be refused) for the given time, samples the
// memory of both processes, and writes its figures to tests/resilience/results/soak.json for RELIABILITY.md
// (npm run reliability). Exits 1 on any error, any lost data, or memory that keeps growing.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.ts";
import { createDriver } from "../src/database.ts";
import { bundledSeedFiles, importSeedFiles } from "../src/importer/index.ts";
import { LocalNeo4j } from "../src/neo4j-runtime/server.ts";
import { graphChecksum } from "../tests/helpers/graph.ts";
import { freePort } from "../tests/helpers/ports.ts";
import {
  classify,
  exchange,
  jwtSecretVariable,
  type Outcome,
  percentile,
  recordFigures,
  sleep,
  startApp,
} from "../tests/helpers/resilience.ts";

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    rate: { type: "string", default: "20" },
  },
});
const minutes = Number(values.minutes);
const rate = Number(values.rate);
if (!(minutes > 0 && minutes <= 120) || !(rate > 0 && rate <= 500)) {
  console.error("Use --minutes between 0 and 120 and --rate (requests per second) between 0 and 500.");
  process.exit(2);
}
/** Requests in flight beyond this are not sent (counted as shed): the soak must not become a flood. */
const maxInFlight = 200;
const sampleEveryMs = 5_000;

/** What the soak sends: mostly the questions users ask, plus attacks that must be refused. */
const answerable = [
  "{ companies(limit: 20) { id name events(limit: 10) { id name date } } }",
  "{ themes(limit: 20) { id name broader { id name } narrower { id } } }",
  "{ eventsConnection(first: 10, sort: [{ startDate: ASC }]) { totalCount edges { node { id name startDate } } } }",
  "{ experts(limit: 20) { id name organizations { id name } events(limit: 5) { themes { id name } } } }",
  '{ entities(where: { name: { contains: "Tele" } }, limit: 10) { id name } }',
];
/** A filter `{NOT: {NOT: …}}` `levels` deep: small on the wire, deep enough to overflow Neo4j's stack. */
const notChain = (levels: number): Record<string, unknown> =>
  levels === 0 ? { name: { eq: "x" } } : { NOT: notChain(levels - 1) };
const hostile: { query: string; variables?: Record<string, unknown> }[] = [
  { query: `{ companies ${"{ events { companies ".repeat(15)}{ id }${" } }".repeat(15)} }` },
  { query: `{ ${Array.from({ length: 300 }, (_, i) => `a${i}: companies(limit: 1) { id }`).join(" ")} }` },
  {
    query: "query Nested($w: CompanyWhere) { companies(where: $w) { id } }",
    variables: { w: notChain(500) },
  },
  {
    query: `{ events(where: ${"{ companies: { some: { events: { some: ".repeat(4)}{ name: { contains: "a" } }${" } }".repeat(8)}) { id } }`,
  },
];

interface Memory {
  atSeconds: number;
  appMb: number;
  neo4jMb: number;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}

/** Least-squares slope of y over x (MB per second here). */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

const log = (line: string) => console.log(`[soak] ${line}`);
const local = loadConfig({}).neo4j;
if (local.mode !== "local") throw new Error("unreachable: an empty environment means a local Neo4j");
const home = await mkdtemp(path.join(tmpdir(), "btech-graph-soak-"));
const neo4j = new LocalNeo4j({
  home,
  jars: local.local.jars,
  boltPort: await freePort(),
  heap: "512m",
  pageCache: "128m",
});
let exitCode = 0;
try {
  const connection = {
    ...(await neo4j.start({ password: randomBytes(12).toString("hex"), log })),
    database: "neo4j",
  };
  const driver = createDriver(connection);
  await importSeedFiles(driver, "neo4j", await bundledSeedFiles());
  const before = await graphChecksum(driver);
  // The response cache off: its handful of queries would otherwise be answered from memory after their first
  // call, and the soak is about the whole path (translation, driver, Neo4j) staying healthy.
  const app = await startApp(connection, {
    [jwtSecretVariable]: randomBytes(24).toString("hex"),
    GRAPHQL_CACHE_SECONDS: "0",
  });
  const neo4jPid = neo4j.processId;
  if (neo4jPid === undefined) throw new Error("Neo4j has no pid");
  log(`${minutes} min at ${rate} requests/s against ${app.url} (app pid ${app.pid}, Neo4j pid ${neo4jPid})`);

  const outcomes: Record<string, number> = {};
  const durations: number[] = [];
  const wrong: string[] = [];
  const memory: Memory[] = [];
  let sent = 0;
  let inFlight = 0;
  let shed = 0;
  const started = Date.now();
  const end = started + minutes * 60_000;
  const requests: Promise<void>[] = [];

  const one = async (index: number) => {
    const attack = index % 20 === 19;
    const body = attack
      ? (hostile[Math.floor(index / 20) % hostile.length] as (typeof hostile)[number])
      : { query: answerable[index % answerable.length] as string };
    const query = body.query;
    let outcome: Outcome | "no-response";
    try {
      const result = await exchange(app.url, body, { timeoutMs: 15_000 });
      outcome = classify(result);
      durations.push(result.ms);
    } catch {
      outcome = "no-response";
    }
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    if ((attack ? "refused" : "answered") !== outcome && wrong.length < 10)
      wrong.push(`${outcome}: ${query.slice(0, 80)}`);
    inFlight -= 1;
  };

  let nextSample = started;
  for (let index = 0; Date.now() < end; index += 1) {
    const due = started + (index * 1000) / rate;
    if (due > Date.now()) await sleep(due - Date.now());
    if (Date.now() >= nextSample) {
      memory.push({
        atSeconds: Math.round((Date.now() - started) / 1000),
        appMb: rssMb(app.pid),
        neo4jMb: rssMb(neo4jPid),
      });
      nextSample += sampleEveryMs;
      if (memory.length % 12 === 0) {
        const last = memory.at(-1);
        log(
          `${last?.atSeconds} s: ${sent} sent, app ${last?.appMb} MB, Neo4j ${last?.neo4jMb} MB, ${JSON.stringify(outcomes)}`,
        );
      }
    }
    if (inFlight >= maxInFlight) {
      shed += 1;
      continue;
    }
    inFlight += 1;
    sent += 1;
    requests.push(one(index));
    if (requests.length > 1_000) await Promise.all(requests.splice(0, requests.length - 200));
  }
  await Promise.all(requests);
  const seconds = (Date.now() - started) / 1000;

  // The trend after warm-up (the first fifth): JIT, caches and pools fill early, then should stay flat.
  const warm = memory.filter((sample) => sample.atSeconds >= seconds / 5);
  const appTrend = slope(warm.map((s) => ({ x: s.atSeconds, y: s.appMb }))) * 60;
  const neo4jTrend = slope(warm.map((s) => ({ x: s.atSeconds, y: s.neo4jMb }))) * 60;
  const appGrowth = appTrend * ((seconds * 4) / 5 / 60);
  const after = await graphChecksum(driver);
  const errors =
    (outcomes["server-error"] ?? 0) + (outcomes["no-response"] ?? 0) + (outcomes.unavailable ?? 0);
  const figures = {
    minutes,
    ratePerSecond: rate,
    seconds: Math.round(seconds),
    sent,
    shed,
    outcomes,
    wrongOutcomes: wrong,
    errors,
    p50Ms: Math.round(percentile(durations, 50)),
    p99Ms: Math.round(percentile(durations, 99)),
    maxMs: Math.round(Math.max(0, ...durations)),
    memory: {
      appStartMb: memory[0]?.appMb,
      appEndMb: memory.at(-1)?.appMb,
      appMaxMb: Math.max(...memory.map((s) => s.appMb)),
      appTrendMbPerMinute: Math.round(appTrend * 100) / 100,
      neo4jStartMb: memory[0]?.neo4jMb,
      neo4jEndMb: memory.at(-1)?.neo4jMb,
      neo4jTrendMbPerMinute: Math.round(neo4jTrend * 100) / 100,
      samples: memory,
    },
    graphUnchanged: before === after,
    appAliveAfter: app.alive(),
  };
  await recordFigures("soak", figures);
  const { samples: _samples, ...memorySummary } = figures.memory;
  log(JSON.stringify({ ...figures, memory: memorySummary }, null, 2));

  // A leak shows as steady growth: more than 2 MB a minute after warm-up, and above 10% of the start.
  const growing = appTrend > 2 && appGrowth > 0.1 * (memory[0]?.appMb ?? 0);
  if (
    errors > 0 ||
    wrong.length > 0 ||
    !figures.graphUnchanged ||
    !figures.appAliveAfter ||
    growing ||
    shed > 0
  ) {
    log("FAILED: see errors, wrong outcomes, shed requests, graph change or memory growth above.");
    exitCode = 1;
  } else {
    log("passed: no errors, every attack refused, graph unchanged, no memory growth trend.");
  }
  await app.stop();
  await driver.close();
} finally {
  await neo4j.stop();
  await rm(home, { recursive: true, force: true });
}
process.exit(exitCode);
