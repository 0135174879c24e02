import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Driver } from "neo4j-driver";
import { inject } from "vitest";
import { createDriver, type Neo4jConnection } from "../../src/database.ts";
import { LocalNeo4j } from "../../src/neo4j-runtime/server.ts";
import { freePort } from "./ports.ts";

/** The run's shared Neo4j (see tests/setup/neo4j.ts). */
export function sharedNeo4j(): Neo4jConnection {
  return inject("neo4j");
}

/** A driver to the shared Neo4j; close it in `afterAll`. */
export function sharedDriver(): Driver {
  return createDriver(sharedNeo4j());
}

/**
 * A Neo4j of the test's own, for tests that stop, kill or restart the server (or need a heap of a given
 * size). Call `dispose` in `afterAll`.
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
      await server.stop();
      await rm(home, { recursive: true, force: true });
    },
  };
}
