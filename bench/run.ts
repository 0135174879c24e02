// `npm run bench [-- --sizes 10k,100k,1M] [--quick] [--save] [--compare] [--tolerance 0.25] [--seed 42]
//   [--cypher-import-max 100k]`
// Generates synthetic graphs, then at each size measures a first load through the bulk importer (whose graph
// the queries run on) and, up to --cypher-import-max, the Cypher importer beside a bare UNWIND baseline, every
// named operation through HTTP beside hand-written Cypher, a concurrent mixed load, start-up and memory.
// Each size gets private Neo4j servers (temporary folders, killed after). See BENCHMARKS.md.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { projectRoot } from "../src/config.ts";
import { describeServer } from "../src/database.ts";
import { freePort } from "../tests/helpers/ports.ts";
import { datasetFolder, generateDataset } from "../tests/helpers/synthetic-graph.ts";
import { runChild } from "./child.ts";
import type { ImportTimings } from "./import-child.ts";
import { type LoadFigures, measureCypherLoad, measureLoad } from "./load.ts";
import {
  type BenchNeo4j,
  benchHeap,
  benchPageCache,
  benchPassword,
  disposeAll,
  residentMemory,
  startBenchNeo4j,
} from "./neo4j.ts";
import { benchOperations, readSamples } from "./operations.ts";
import { captureGeneratedCypher, measureOperations, postGraphQL } from "./queries.ts";
import { type BenchResults, compareResults, loadBaseline, type SizeResults, saveResults } from "./report.ts";
import { parseSize, sizeLabel } from "./sizes.ts";
import { measureTranslation } from "./translation.ts";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "10k,100k,1M" },
    quick: { type: "boolean", default: false },
    save: { type: "boolean", default: false },
    compare: { type: "boolean", default: false },
    tolerance: { type: "string", default: "0.25" },
    seed: { type: "string", default: "42" },
    "import-minutes": { type: "string", default: "60" },
    "cypher-import-max": { type: "string", default: "100k" },
    analytics: { type: "boolean", default: false },
    render: { type: "boolean", default: false },
  },
});

const started = Date.now();
const log = (line: string) => {
  const elapsed = ((Date.now() - started) / 1000).toFixed(0).padStart(5);
  console.error(`[bench ${elapsed}s] ${line}`);
};

const seed = Number(values.seed);
const quick = values.quick ?? false;
const tolerance = Number(values.tolerance);
if (!Number.isFinite(tolerance) || tolerance <= 0) throw new Error("--tolerance: a fraction such as 0.25");
const sizes = (values.sizes ?? "").split(",").map((text) => parseSize(text, "--sizes"));
const iterations = quick ? 30 : 150;
const loadSeconds = quick ? 8 : 20;
/**
 * Each load is preceded by the same workload for this long, not counted: JIT, pools and (for the cached
 * app) the response cache reach their steady state, as they are on a server that has been up a while.
 */
const warmupSeconds = quick ? 4 : 10;
const loadConnections = 10;
/** The response cache's lifetime in production (src/config.ts default). */
const cacheSeconds = 30;
const importMinutes = Number(values["import-minutes"]);
/**
 * The largest size at which the Cypher importer and the bare UNWIND baseline run (the bulk load runs at
 * every size): at 1M they took 809 s and 656 s on 26 Nov, more than a quiet run of all three sizes can spend.
 */
const cypherImportMax = parseSize(values["cypher-import-max"] ?? "100k", "--cypher-import-max");
const dataRoot = path.join(projectRoot, "bench", "data");

/** Spawns the API in its own process and times it to its first answered query. */
async function startApp(
  connection: { uri: string; password: string },
  firstQuery: (url: string) => Promise<unknown>,
  cacheSeconds: number,
) {
  const spawned = performance.now();
  // BENCH_APP_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the app by hand; unset in runs.
  const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(
    process.execPath,
    [...nodeArgs, "--import", "tsx", path.join("bench", "app-child.ts")],
    {
      cwd: projectRoot,
      env: {
        ...process.env,
        NODE_ENV: "production",
        GRAPHQL_CACHE_SECONDS: String(cacheSeconds),
        BENCH_NEO4J_URI: connection.uri,
        BENCH_NEO4J_PASSWORD: connection.password,
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", (line) =>
      resolve((JSON.parse(line) as { url: string }).url),
    );
    child.once("exit", (code) => reject(new Error(`the app exited (code ${code}) before listening`)));
  });
  const listening = performance.now();
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  // The first answer may take long on a cold JVM and page cache (and time out): it is retried, and the
  // cold start is the time to the first query answered.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await firstQuery(url);
      break;
    } catch (error) {
      if (attempt >= 10) {
        await stop();
        throw error;
      }
    }
  }
  return {
    url,
    pid: child.pid ?? 0,
    listenSeconds: (listening - spawned) / 1000,
    firstQuerySeconds: (performance.now() - spawned) / 1000,
    stop,
  };
}

/** The environment that points an import child at a benchmark server. */
const serverEnvironment = (server: BenchNeo4j) => ({
  BENCH_NEO4J_URI: server.connection.uri,
  BENCH_NEO4J_PASSWORD: server.connection.password,
});

async function benchSize(size: number): Promise<{ figures: SizeResults; generated: Record<string, string> }> {
  const label = sizeLabel(size);
  log(`== ${label}: generating`);
  const dataset = await generateDataset(size, seed, datasetFolder(dataRoot, size, seed), log);
  const loadBefore = os.loadavg()[0] ?? 0;

  let startedAt = Date.now();
  const importChild = (mode: "importer" | "baseline" | "bulk", env: Record<string, string>) =>
    runChild<ImportTimings>(
      path.join("bench", "import-child.ts"),
      [mode, String(size), String(seed), ...(mode === "baseline" ? [] : dataset.files)],
      env,
      log,
      // The young generation `npm run seed` gives its Node (package.json): the bulk path's CSV step spends
      // much of its time collecting garbage without it.
      ["--max-old-space-size=8192", "--max-semi-space-size=128"],
      importMinutes * 60_000,
    ).catch((error: Error): ImportTimings => {
      log(`   ${mode} failed: ${error.message}`);
      const seconds = (Date.now() - startedAt) / 1000;
      return {
        entities: dataset.entities,
        facts: dataset.facts,
        seconds,
        validateSeconds: 0,
        writeSeconds: seconds,
        failure: error.message.split("\n")[0] ?? "failed",
      };
    });
  const rate = (timings: ImportTimings) =>
    timings.failure || timings.skipped ? 0 : Math.round(timings.entities / timings.seconds);

  // A first load of a big file set goes through the bulk importer (`npm run seed` picks it by size), so its
  // graph serves the queries: neo4j-admin writes the store into a home of the benchmark's own (with the
  // benchmark servers' memory), its child stops the server, and the server started again on that home is the
  // cold start with the graph in place. Its graph is the Cypher importer's (tests/importer/bulk.int.test.ts).
  log(`== ${label}: the bulk importer (neo4j-admin) into an empty home`);
  const bulkHome = await mkdtemp(path.join(os.tmpdir(), "btech-graph-bench-bulk-"));
  const bulkPassword = benchPassword();
  const bulkLoad = os.loadavg()[0] ?? 0;
  startedAt = Date.now();
  const bulk = await importChild("bulk", {
    BENCH_BULK_HOME: bulkHome,
    BENCH_BULK_PORT: String(await freePort()),
    BENCH_BULK_HEAP: benchHeap,
    BENCH_BULK_PAGECACHE: benchPageCache,
    BENCH_BULK_PASSWORD: bulkPassword,
  });
  log(
    `   bulk: ${bulk.seconds.toFixed(1)} s, ${rate(bulk)} entities/s (load average ${bulkLoad.toFixed(1)} at its start)`,
  );
  if (bulk.failure) await rm(bulkHome, { recursive: true, force: true });

  // The Cypher importer (incremental imports, remote servers) beside a bare UNWIND baseline, each into an empty
  // server of its own, up to --cypher-import-max: at 1M the two took 24 of the 34 minutes of the 26 Nov run.
  // Their servers are disposed after, unless the bulk load failed: then their graph serves the queries.
  const skipped =
    size > cypherImportMax ? `not run: above --cypher-import-max ${sizeLabel(cypherImportMax)}` : undefined;
  const notRun = (reason: string): ImportTimings => ({
    entities: dataset.entities,
    facts: dataset.facts,
    seconds: 0,
    validateSeconds: 0,
    writeSeconds: 0,
    skipped: reason,
  });
  let fallback: BenchNeo4j | undefined;
  const cypherImport = async (
    mode: "importer" | "baseline",
    title: string,
  ): Promise<ImportTimings & { neo4jEmptySeconds?: number }> => {
    if (skipped) {
      log(`== ${label}: ${title}: ${skipped}`);
      return notRun(skipped);
    }
    log(`== ${label}: ${title} into an empty Neo4j`);
    const target = await startBenchNeo4j(log);
    startedAt = Date.now();
    const timings = await importChild(mode, serverEnvironment(target));
    log(`   ${mode}: ${timings.seconds.toFixed(1)} s, ${rate(timings)} entities/s`);
    if (bulk.failure && !timings.failure && !fallback) fallback = target;
    else await target.dispose();
    return { ...timings, neo4jEmptySeconds: target.startSeconds };
  };
  // The bulk store waits on disk meanwhile (4.7 GB at 1M): removed if they fail in a way that ends the size.
  const { neo4jEmptySeconds, ...importer } = await cypherImport("importer", "the project's importer").catch(
    async (error: unknown) => {
      await rm(bulkHome, { recursive: true, force: true });
      throw error;
    },
  );
  const { neo4jEmptySeconds: baselineEmptySeconds, ...baseline } = await cypherImport(
    "baseline",
    "baseline import (bare UNWIND … MERGE)",
  ).catch(async (error: unknown) => {
    await rm(bulkHome, { recursive: true, force: true });
    await fallback?.dispose();
    throw error;
  });
  const emptySeconds = neo4jEmptySeconds ?? baselineEmptySeconds;

  let graphWrittenBy: SizeResults["import"]["graphWrittenBy"] = "bulk";
  let server: BenchNeo4j;
  let neo4jRestartSeconds: number;
  if (!bulk.failure) {
    log(`== ${label}: cold start (Neo4j started on the bulk importer's graph, then the API)`);
    server = await startBenchNeo4j(log, { home: bulkHome, password: bulkPassword });
    neo4jRestartSeconds = server.startSeconds;
  } else if (fallback) {
    graphWrittenBy = importer.failure ? "baseline" : "importer";
    server = fallback;
    log(`== ${label}: cold start (Neo4j restarted on the ${graphWrittenBy}'s graph, then the API)`);
    neo4jRestartSeconds = await server.restart();
  } else {
    throw new Error(`${label}: no import finished (bulk: ${bulk.failure})`);
  }
  try {
    const neo4jAfterImport = residentMemory(server.pid());

    const counts = await server.driver.executeQuery(
      "MATCH (n) WITH count(n) AS nodes MATCH ()-[r]->() RETURN nodes, count(r) AS relationships",
      {},
      { database: "neo4j" },
    );
    const nodes = Number(counts.records[0]?.get("nodes") ?? 0);
    const relationships = Number(counts.records[0]?.get("relationships") ?? 0);

    // Measured after a start on the store: neo4j-admin, or the shutdown's checkpoint, wrote it whole.
    const storeMiB = await server.storeMiB();
    const operations = benchOperations(await readSamples(server.driver, dataset.counts));
    const firstOperation = operations[0];
    if (!firstOperation) throw new Error("no operations to benchmark");
    const firstQuery = (url: string) => postGraphQL(url, firstOperation, firstOperation.variables(0));
    // What the GraphQL layer costs is measured without the response cache (src/api/cache.ts): every request
    // is translated and run. The cache's effect is measured apart, under load, at the end.
    const app = await startApp(server.connection, firstQuery, 0);
    try {
      log(
        `   Neo4j ${neo4jRestartSeconds.toFixed(1)} s, API to first answer ${app.firstQuerySeconds.toFixed(1)} s`,
      );
      const info = await describeServer(server.driver, "neo4j");

      log(`== ${label}: generated Cypher and PROFILE db hits`);
      const generated = await captureGeneratedCypher(server.driver, operations);

      log(`== ${label}: each operation without the database (parse, translation, the app's own work)`);
      const translation = await measureTranslation(server.driver, operations, generated, iterations, log);

      log(`== ${label}: latency, ${iterations} calls per operation on each side`);
      const operationFigures = await measureOperations(
        app.url,
        server.driver,
        operations,
        iterations,
        generated,
        log,
      );

      log(
        `== ${label}: mixed load, ${loadConnections} connections for ${loadSeconds} s after ${warmupSeconds} s of warm-up`,
      );
      const load = await warmedLoad((seconds) => measureLoad(app.url, operations, loadConnections, seconds));

      log(`== ${label}: the same mixed load as hand-written Cypher through the driver (no HTTP, no GraphQL)`);
      const loadCypher = await warmedLoad((seconds) =>
        measureCypherLoad(server.driver, operations, loadConnections, seconds),
      );

      const appMemory = residentMemory(app.pid);
      const neo4jMemory = residentMemory(server.pid());
      await app.stop();

      log(`== ${label}: mixed load again, on an app with the production response cache (${cacheSeconds} s)`);
      const cachedApp = await startApp(server.connection, firstQuery, cacheSeconds);
      const loadCached = {
        ...(await warmedLoad((seconds) =>
          measureLoad(cachedApp.url, operations, loadConnections, seconds),
        ).finally(() => cachedApp.stop())),
        cacheSeconds,
      };

      const cypherCompared = !importer.failure && !importer.skipped && !baseline.failure;
      const figures: SizeResults = {
        size,
        label,
        entities: dataset.entities,
        facts: dataset.facts,
        nodes,
        relationships,
        storeMiB,
        neo4j: info,
        import: {
          importer: { ...importer, entitiesPerSecond: rate(importer) },
          baseline: { ...baseline, entitiesPerSecond: rate(baseline) },
          bulk: { ...bulk, entitiesPerSecond: rate(bulk), loadAverage: Math.round(bulkLoad * 10) / 10 },
          ratio: cypherCompared ? Math.round((baseline.seconds / importer.seconds) * 100) / 100 : 0,
          writeRatio: cypherCompared
            ? Math.round((baseline.writeSeconds / importer.writeSeconds) * 100) / 100
            : 0,
          graphWrittenBy,
        },
        operations: operationFigures,
        translation,
        load,
        loadCached,
        loadCypher,
        startup: {
          ...(emptySeconds === undefined ? {} : { neo4jEmptySeconds: round1(emptySeconds) }),
          neo4jWithGraphSeconds: round1(neo4jRestartSeconds),
          apiListenSeconds: round1(app.listenSeconds),
          apiFirstAnswerSeconds: round1(app.firstQuerySeconds),
          coldStartSeconds: round1(neo4jRestartSeconds + app.firstQuerySeconds),
        },
        memory: {
          appRssMiB: appMemory.rssMiB,
          appPeakMiB: appMemory.peakMiB,
          neo4jRssMiB: neo4jMemory.rssMiB,
          neo4jPeakMiB: Math.max(neo4jMemory.peakMiB, neo4jAfterImport.peakMiB),
        },
        loadAverage: { before: round1(loadBefore), after: round1(os.loadavg()[0] ?? 0) },
      };
      return {
        figures,
        generated: Object.fromEntries(
          [...generated].map(([name, statements]) => [
            name,
            statements
              .map((statement) => statement.cypher.trim())
              .join("\n\n// next statement of the same request\n"),
          ]),
        ),
      };
    } finally {
      await app.stop();
    }
  } finally {
    await server.dispose();
  }
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Runs a load once for the uncounted warm-up, then for the measurement, and logs what it measured. */
async function warmedLoad(run: (seconds: number) => Promise<LoadFigures>): Promise<LoadFigures> {
  await run(warmupSeconds);
  const load = await run(loadSeconds);
  const errors = load.errors > 0 ? ` ${JSON.stringify(load.errorKinds ?? {})}` : "";
  log(
    `   ${load.requestsPerSecond} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms, ${load.errors} errors${errors} (${load.distinctRequests} distinct requests)`,
  );
  return load;
}

/** Runs bench/analytics.ts and returns the Markdown it prints. */
async function runAnalytics(args: string[]): Promise<string> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join("bench", "analytics.ts"), ...args], {
    cwd: projectRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on("line", (line) => lines.push(line));
  createInterface({ input: child.stderr }).on("line", (line) => log(`  ${line}`));
  const code = await new Promise<number>((resolve) => child.on("close", (exit) => resolve(exit ?? 1)));
  return code === 0 ? lines.join("\n") : `bench/analytics.ts failed (exit ${code}).`;
}

async function main() {
  // Read before this run may overwrite it (`--save --compare`).
  const reference = values.compare ? await loadBaseline() : undefined;
  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      os: existsSync("/etc/debian_version")
        ? `Debian ${readFileSync("/etc/debian_version", "utf8").trim()}`
        : `${os.type()} ${os.release()}`,
    },
    node: process.version,
    neo4jHeap: benchHeap,
    neo4jPageCache: benchPageCache,
    seed,
    quick,
    sizes: [],
    failures: [],
    generatedCypher: {},
  };
  // Results are written after every size, so that a size that fails (or a run stopped by hand) keeps the
  // figures of the sizes before it.
  const write = () => saveResults(results, { save: values.save ?? false });
  for (const size of sizes) {
    try {
      const { figures, generated } = await benchSize(size);
      results.sizes.push(figures);
      Object.assign(results.generatedCypher, generated);
    } catch (error) {
      log(`${sizeLabel(size)} failed: ${error instanceof Error ? error.message : String(error)}`);
      results.failures.push(
        `${sizeLabel(size)}: ${error instanceof Error ? error.message.split("\n")[0] : error}`,
      );
      process.exitCode = 1;
    }
    await write();
  }
  if (values.analytics) {
    // The analytics owner's benchmark (bench/analytics.ts) sizes its graphs by relationships: same numbers.
    log("== analytics: PageRank and Louvain (bench/analytics.ts)");
    results.analytics = await runAnalytics(sizes.map(String));
  }
  console.log(await write());
  if (reference) {
    const regressions = compareResults(reference, results, tolerance);
    if (regressions.length > 0) {
      console.error(
        `\n${regressions.length} regression(s) beyond ${tolerance * 100}% against bench/results/baseline.json:`,
      );
      for (const line of regressions) console.error(`  ${line}`);
      process.exitCode = 1;
    } else {
      console.error(`\nNo regression beyond ${tolerance * 100}% against bench/results/baseline.json.`);
    }
  }
  log("done");
}

if (values.render) {
  // Rewrites the figures of BENCHMARKS.md from bench/results/baseline.json, measuring nothing.
  await saveResults({ ...(await loadBaseline()), sizes: [] }, { save: true });
  process.exit(0);
}

process.once("SIGINT", () => {
  log("interrupted: stopping the benchmark's Neo4j servers…");
  void disposeAll().then(() => process.exit(130));
});
try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await disposeAll();
}
