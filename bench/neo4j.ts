import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Driver } from "neo4j-driver";
import { loadConfig } from "../src/config.ts";
import { createDriver, type Neo4jConnection } from "../src/database.ts";
import { LocalNeo4j } from "../src/neo4j-runtime/server.ts";
import { freePort } from "../tests/helpers/ports.ts";

/**
 * Memory of the benchmark's own Neo4j: more than the app's default, as a bigger graph needs. The page cache
 * holds the whole store at every size, as Neo4j's sizing guidance asks (the 1M store is about 4.5 GB); with
 * less, the 1M figures measure page faults rather than the queries. Neo4j takes it only as pages are read.
 */
export const benchHeap = "2g";
export const benchPageCache = "6g";

/** A private Neo4j in a temporary folder, stopped and deleted by `dispose`. */
export interface BenchNeo4j {
  connection: Neo4jConnection;
  driver: Driver;
  /** Seconds from spawning the JVM to Bolt answering. */
  startSeconds: number;
  pid(): number;
  /** Size of the database's store files on disk, in MiB. */
  storeMiB(): Promise<number>;
  /** Stops the server and starts it again on the same data (a cold start with the graph in place). */
  restart(): Promise<number>;
  dispose(): Promise<void>;
}

/** Servers started and not yet disposed, so that a failed run can still remove every one. */
const running = new Set<BenchNeo4j>();
let closing = false;

/** Stops and deletes every benchmark server still running (after an error, or on Ctrl-C). */
export async function disposeAll(): Promise<void> {
  closing = true;
  await Promise.all([...running].map((server) => server.dispose().catch(() => {})));
}

/** A fresh password for a benchmark home. */
export const benchPassword = () => randomBytes(12).toString("hex");

/**
 * Starts a Neo4j 5.26 (APOC, GDS) of the benchmark's own: empty in a new temporary folder, or on the home of
 * `existing` (a store the bulk importer wrote there, with its password), which `dispose` then deletes too.
 */
export async function startBenchNeo4j(
  log: (line: string) => void,
  existing?: { home: string; password: string },
): Promise<BenchNeo4j> {
  const config = loadConfig({ ...process.env, NEO4J_URI: undefined });
  if (config.neo4j.mode !== "local") throw new Error("unreachable: no NEO4J_URI means a local Neo4j");
  const home = existing?.home ?? (await mkdtemp(path.join(tmpdir(), "btech-graph-bench-")));
  const server = new LocalNeo4j({
    home,
    jars: config.neo4j.local.jars,
    boltPort: await freePort(),
    heap: benchHeap,
    pageCache: benchPageCache,
  });
  const password = existing?.password ?? benchPassword();
  const timed = async () => {
    const started = Date.now();
    // A machine busy with other work can take minutes to start a JVM: wait long rather than fail.
    const connection = await server.start({ password, log, timeoutMs: 600_000 });
    return { connection, seconds: (Date.now() - started) / 1000 };
  };
  const first = await timed().catch(async (error: unknown) => {
    await server.stop();
    await rm(home, { recursive: true, force: true });
    throw error;
  });
  const connection: Neo4jConnection = { ...first.connection, database: "neo4j" };
  let driver = createDriver(connection);
  const bench: BenchNeo4j = {
    connection,
    driver,
    startSeconds: first.seconds,
    pid: () => server.processId ?? 0,
    storeMiB: async () => {
      const files = await readdir(path.join(home, "data", "databases", "neo4j"), {
        recursive: true,
        withFileTypes: true,
      });
      const sizes = await Promise.all(
        files
          .filter((file) => file.isFile())
          .map(async (file) => (await stat(path.join(file.parentPath, file.name))).size),
      );
      return Math.round(sizes.reduce((sum, size) => sum + size, 0) / 2 ** 20);
    },
    restart: async () => {
      await driver.close();
      await server.stop();
      const again = await timed();
      driver = createDriver(connection);
      bench.driver = driver;
      return again.seconds;
    },
    dispose: async () => {
      running.delete(bench);
      await driver.close();
      await server.stop();
      await rm(home, { recursive: true, force: true });
    },
  };
  running.add(bench);
  // Started while the run was being stopped: stop it too.
  if (closing) {
    await bench.dispose();
    throw new Error("the benchmark is stopping");
  }
  return bench;
}

/** Resident memory of a process in MiB (VmRSS), and its peak (VmHWM). */
export function residentMemory(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) / 1024;
  return { rssMiB: Math.round(field("VmRSS")), peakMiB: Math.round(field("VmHWM")) };
}
