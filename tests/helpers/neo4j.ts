import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Driver } from "neo4j-driver";
import { inject } from "vitest";
import { createDriver, type Neo4jConnection } from "../../src/database.ts";
import { LocalNeo4j } from "../../src/neo4j-runtime/server.ts";
import { freePort } from "./ports.ts";

/**
 * This test file's Neo4j: the server of the worker that runs it (tests/setup/neo4j.ts starts one per worker),
 * which the files of that worker take turns on, so a file may clear and fill the graph as it needs.
 */
export function sharedNeo4j(): Neo4jConnection {
  const servers = inject("neo4jServers");
  const worker = Number(process.env.VITEST_POOL_ID ?? "1");
  const server = servers[worker - 1];
  if (!server) {
    throw new Error(
      `Worker ${worker} has no Neo4j of its own: tests/setup/neo4j.ts started ${servers.length} for this run (one per worker; with NEO4J_URI, run with --maxWorkers=1).`,
    );
  }
  return server;
}

/** The environment that points a command or app process of the project at a server (NEO4J_URI and the rest). */
export function neo4jEnvironment(neo4j: Neo4jConnection = sharedNeo4j()): Record<string, string> {
  return {
    NEO4J_URI: neo4j.uri,
    NEO4J_USERNAME: neo4j.username,
    NEO4J_PASSWORD: neo4j.password,
    NEO4J_DATABASE: neo4j.database,
  };
}

/** A driver to this file's Neo4j (see {@link sharedNeo4j}); close it in `afterAll`. */
export function sharedDriver(): Driver {
  return createDriver(sharedNeo4j());
}

/**
 * A Neo4j of the test's own, for tests that stop, kill or restart the server (or need a heap of a given
 * size). Call `dispose` in `afterAll`: it kills the server without a clean shutdown (no checkpoint: the home is
 * deleted next) and deletes the home.
 */
export async function privateNeo4j({ heap = "384m", pageCache = "64m" } = {}) {
  const home = await mkdtemp(path.join(tmpdir(), "btech-graph-private-"));
  const password = randomBytes(12).toString("hex");
  const server = new LocalNeo4j({
    home,
    jars: inject("neo4jJars"),
    boltPort: await freePort(),
    heap,
    pageCache,
  });
  const connection: Neo4jConnection = { ...(await server.start({ password })), database: "neo4j" };
  return {
    server,
    connection,
    password,
    dispose: async () => {
      await server.stop({ timeoutMs: 0 });
      await rm(home, { recursive: true, force: true });
    },
  };
}
