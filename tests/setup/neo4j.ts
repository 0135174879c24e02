// Starts one throwaway Neo4j (temp folder, free port, random password) per vitest worker for the database
// tiers, unless NEO4J_URI points at a server to use instead. Community edition has one user database, so
// files that run at the same moment need servers of their own: a test file reaches its worker's server
// through `sharedNeo4j()` (tests/helpers/neo4j.ts), and the files of one worker take turns on it.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { type LocalNeo4jSettings, loadConfig } from "../../src/config.ts";
import type { Neo4jConnection } from "../../src/database.ts";
import { LocalNeo4j } from "../../src/neo4j-runtime/server.ts";
import { freePort } from "../helpers/ports.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** The database tiers' servers: the one of NEO4J_URI, or one per worker (`VITEST_POOL_ID` 1, 2, …). */
    neo4jServers: Neo4jConnection[];
    /** Where the jars are, so tests that start a server of their own reuse them. */
    neo4jJars: string;
  }
}

interface ThrowawayServer {
  connection: Neo4jConnection;
  stop: () => Promise<void>;
}

/**
 * The servers of the run, shared by the int and e2e projects (both list this setup; their workers share one
 * pool, so worker n of either project uses server n), and stopped when the last project tears down.
 */
const run = globalThis as { btechGraphTestServers?: { servers: Promise<ThrowawayServer>[]; users: number } };

export default async function setup(project: TestProject) {
  const config = loadConfig({ ...process.env, NODE_ENV: "test" });
  const { NEO4J_URI: _external, ...withoutExternal } = process.env;
  const localSettings = loadConfig(withoutExternal).neo4j;
  if (localSettings.mode !== "local") throw new Error("unreachable: no NEO4J_URI means a local Neo4j");
  project.provide("neo4jJars", localSettings.local.jars);
  if (config.neo4j.mode === "external") {
    const { uri, username, password, database } = config.neo4j;
    project.provide("neo4jServers", [{ uri, username, password, database }]);
    return;
  }
  const local = config.neo4j.local;
  // The run's worker count, not this project's: a project that runs one file at a time (int-alone) may set up
  // first, and the servers of the others then start beside its one rather than after it.
  const workers = Math.max(project.config.maxWorkers ?? 1, project.vitest.config.maxWorkers ?? 1);
  run.btechGraphTestServers ??= { servers: [], users: 0 };
  const shared = run.btechGraphTestServers;
  shared.users += 1;
  while (shared.servers.length < workers) {
    const worker = shared.servers.length + 1;
    shared.servers.push(
      startThrowawayServer(local, (line) => console.log(`[neo4j ${worker}/${workers}] ${line}`)),
    );
  }
  const servers = await Promise.all(shared.servers);
  project.provide(
    "neo4jServers",
    servers.map((server) => server.connection),
  );
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    await Promise.all(servers.map((server) => server.stop()));
    run.btechGraphTestServers = undefined;
  };
}

async function startThrowawayServer(
  local: LocalNeo4jSettings,
  log: (line: string) => void,
): Promise<ThrowawayServer> {
  const home = await mkdtemp(path.join(tmpdir(), "btech-graph-test-"));
  const server = new LocalNeo4j({
    ...local,
    home,
    boltPort: await freePort(),
    // Neo4j exits on OutOfMemoryError; 512m ran out late in a full run (analytics projections after the
    // fuzzing), so each shared server gets 1g: still small on this 24 GiB machine.
    heap: "1g",
    pageCache: "128m",
  });
  const connection = await server.start({ password: randomBytes(12).toString("hex"), log });
  return {
    connection: { ...connection, database: "neo4j" },
    stop: async () => {
      // Killed rather than shut down cleanly: its home is deleted next, so the checkpoint a clean stop writes
      // (seconds, at the very end of the run) would be thrown away.
      await server.stop({ timeoutMs: 0 });
      await rm(home, { recursive: true, force: true });
    },
  };
}
