// Analytics cannot take Neo4j down (issue #13): on a Neo4j of this file's own with the production default heap
// (512m), twenty concurrent anonymous betweenness requests, each with its own samplingSize (so no answer is
// reused), once exhausted the heap and Neo4j exited. Now a few run, a few wait, the rest are refused with 429
// and Retry-After; the same JVM stays up and every other query keeps answering. Also: a run that cannot fit
// the heap budget is refused before anything is projected, and an answer is reused until the graph changes.
import type { Driver } from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectionPrefix } from "../../src/analytics/gds.ts";
import { createDriver } from "../../src/database.ts";
import { modelTypeNames } from "../../src/model/index.ts";
import { isAlive } from "../../src/neo4j-runtime/server.ts";
import { ensureSeeded } from "../helpers/graph.ts";
import { privateNeo4j } from "../helpers/neo4j.ts";
import {
  type AppProcess,
  classify,
  type Exchange,
  exchange,
  recordFigures,
  startApp,
} from "../helpers/resilience.ts";

let neo: Awaited<ReturnType<typeof privateNeo4j>>;
let driver: Driver;
let app: AppProcess;

/** The app as production runs it, with no response cache: every analytics request reaches the resolver. */
const appEnv = { GRAPHQL_CACHE_SECONDS: "0", ANALYTICS_CONCURRENCY: "2", ANALYTICS_QUEUE: "8" };
const neo4jHeap = "512m";
/** What the bursts measured, for RELIABILITY.md (bench/soak-report.ts), recorded even when a check fails. */
const figures: Record<string, unknown> = { neo4jHeap, settings: appEnv };

const betweenness = (samplingSize: number) => ({
  query: `{ betweennessCentrality(samplingSize: ${samplingSize}, limit: 500) { total ranAt } }`,
});

/** The entities of the model's types: the nodes the default (ecosystem) projection holds. */
async function entityCount(): Promise<number> {
  const { records } = await driver.executeQuery(
    "MATCH (n:Entity) WHERE any(label IN labels(n) WHERE label IN $types) RETURN count(n) AS n",
    { types: modelTypeNames().nodeTypes },
  );
  return Number(records[0]?.get("n"));
}

async function leftoverProjections(): Promise<string[]> {
  const { records } = await driver.executeQuery("CALL gds.graph.list() YIELD graphName RETURN graphName");
  return records
    .map((record) => record.get("graphName") as string)
    .filter((name) => name.startsWith(projectionPrefix));
}

beforeAll(async () => {
  neo = await privateNeo4j({ heap: neo4jHeap, pageCache: "64m" });
  driver = createDriver(neo.connection);
  await ensureSeeded(driver);
  app = await startApp(neo.connection, appEnv);
}, 400_000);

afterAll(async () => {
  await app?.stop();
  await driver?.close();
  await neo?.dispose();
  await recordFigures("analytics-load", figures);
});

describe("twenty concurrent analytics requests", () => {
  it("leave the same Neo4j process alive and every other query answering", async () => {
    const jvm = neo.server.processId;
    expect(jvm).toBeDefined();
    const entities = await entityCount();

    let bursting = true;
    const reads: Exchange[] = [];
    const readLoop = (async () => {
      while (bursting) {
        reads.push(await exchange(app.url, { query: "{ companies(limit: 5) { id name } }" }));
      }
    })();
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        exchange(app.url, betweenness(500_001 + index), { timeoutMs: 120_000 }),
      ),
    );
    bursting = false;
    await readLoop;

    const answered = burst.filter((result) => result.status === 200);
    const refused = burst.filter((result) => result.status === 429);
    const readyAfter = (await fetch(`${app.url}/ready`)).status;
    figures.burst = {
      sent: burst.length,
      answered: answered.length,
      refused: refused.length,
      reads: { sent: reads.length, answered: reads.filter((read) => classify(read) === "answered").length },
      neo4jSameProcess: neo.server.processId === jvm && isAlive(jvm as number),
      readyAfter,
    };
    expect(answered.length + refused.length).toBe(burst.length);
    // Two run and eight wait: at least those ten are answered, each on the whole graph.
    expect(answered.length).toBeGreaterThanOrEqual(10);
    for (const result of answered) expect(result.json.data.betweennessCentrality.total).toBe(entities);
    expect(refused.length).toBeGreaterThan(0);
    for (const result of refused) {
      const [error] = result.json.errors;
      expect(error.extensions.code).toBe("TOO_MANY_REQUESTS");
      expect(error.message).toMatch(/ANALYTICS_CONCURRENCY|ANALYTICS_QUEUE/);
      expect(error.extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(result.text).not.toMatch(/stacktrace|Neo\.\w+Error/);
    }

    expect(reads.length).toBeGreaterThan(0);
    expect(reads.map(classify)).toEqual(reads.map(() => "answered"));
    expect(neo.server.processId).toBe(jvm);
    expect(isAlive(jvm as number)).toBe(true);
    expect(readyAfter).toBe(200);
    expect(await leftoverProjections()).toEqual([]);
  }, 240_000);

  it("refuses with a Retry-After header an HTTP client can read", async () => {
    const burst = await Promise.all(
      Array.from({ length: 14 }, (_, index) =>
        fetch(`${app.url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(betweenness(600_001 + index)),
        }).then(async (response) => ({
          status: response.status,
          retryAfter: response.headers.get("retry-after"),
          body: await response.text(),
        })),
      ),
    );
    const refused = burst.filter((response) => response.status === 429);
    figures.retryAfterBurst = {
      sent: burst.length,
      answered: burst.filter((response) => response.status === 200).length,
      refused: refused.length,
    };
    expect(refused.length).toBeGreaterThan(0);
    for (const response of refused) expect(Number(response.retryAfter)).toBeGreaterThanOrEqual(1);
  }, 240_000);
});

describe("answers are reused until the graph changes", () => {
  it("answers the same run again without recomputing, and recomputes after an import from elsewhere", async () => {
    const first = await exchange(app.url, betweenness(700_001));
    const again = await exchange(app.url, betweenness(700_001));
    expect(first.status).toBe(200);
    expect(again.json.data.betweennessCentrality).toEqual(first.json.data.betweennessCentrality);

    // Another process writes to the graph (as `npm run seed` would): the app's next answer is a new run.
    await driver.executeQuery("CREATE (:Entity:Theme {id: 'theme:analytics-load-probe', name: 'Probe'})");
    try {
      const after = await exchange(app.url, betweenness(700_001));
      expect(after.json.data.betweennessCentrality.total).toBe(
        first.json.data.betweennessCentrality.total + 1,
      );
      expect(after.json.data.betweennessCentrality.ranAt).not.toBe(
        first.json.data.betweennessCentrality.ranAt,
      );
    } finally {
      await driver.executeQuery("MATCH (n:Entity {id: 'theme:analytics-load-probe'}) DETACH DELETE n");
    }
  });
});

describe("a run that does not fit the heap budget", () => {
  let small: AppProcess;
  beforeAll(async () => {
    // 1% of a 512 MiB heap is 5.1 MiB: an unweighted projection of the seed fits, a weighted one does not.
    small = await startApp(neo.connection, { ...appEnv, ANALYTICS_MAX_HEAP_PERCENT: "1" });
  }, 120_000);
  afterAll(async () => {
    await small?.stop();
  });

  it("is refused before anything is projected, naming ANALYTICS_MAX_HEAP_PERCENT", async () => {
    const plain = await exchange(small.url, { query: "{ pageRank(limit: 3) { total } }" });
    expect(plain.status).toBe(200);
    const weighted = await exchange(small.url, {
      query: "{ pageRank(projection: { weighted: true }, limit: 3) { total } }",
    });
    expect(weighted.status).toBe(400);
    const [error] = weighted.json.errors;
    expect(error.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "ANALYTICS_MAX_HEAP_PERCENT" });
    expect(error.extensions.actual).toBeGreaterThan(error.extensions.maximum);
    expect(error.message).toMatch(/ANALYTICS_MAX_HEAP_PERCENT=1 .*NEO4J_HEAP/);
    expect(await leftoverProjections()).toEqual([]);
  });
});
