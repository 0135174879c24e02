// Starts one throwaway Neo4j (temp folder, free port, random password) for the whole test run, unless
// NEO4J_URI points at a server to use instead. Test files reach it through `inject("neo4j")`.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { loadConfig } from "../../src/config.ts";
import type { Neo4jConnection } from "../../src/database.ts";
import { LocalNeo4j } from "../../src/neo4j-runtime/server.ts";
import { freePort } from "../helpers/ports.ts";

declare module "vitest" {
  export interface ProvidedContext {
    neo4j: Neo4jConnection;
    /** Where the jars are, so tests that start a server of their own reuse them. */
    neo4jJars: string;
  }
}

export default async function setup(project: TestProject) {
  const config = loadConfig({ ...process.env, NODE_ENV: "test" });
  const { NEO4J_URI: _external, ...withoutExternal } = process.env;
  const localSettings = loadConfig(withoutExternal).neo4j;
  if (localSettings.mode !== "local") throw new Error("unreachable: no NEO4J_URI means a local Neo4j");
  project.provide("neo4jJars", localSettings.local.jars);
  if (config.neo4j.mode === "external") {
    const { uri, username, password, database } = config.neo4j;
    project.provide("neo4j", { uri, username, password, database });
    return;
  }
  const home = await mkdtemp(path.join(tmpdir(), "btech-graph-test-"));
  const server = new LocalNeo4j({
    ...config.neo4j.local,
    home,
    boltPort: await freePort(),
    // Neo4j exits on OutOfMemoryError; 512m ran out late in a full run (analytics projections after the
    // fuzzing), so the shared server gets 1g: still small on this 24 GiB machine.
    heap: "1g",
    pageCache: "128m",
  });
  const connection = await server.start({
    password: randomBytes(12).toString("hex"),
    log: (line) => console.log(`[neo4j] ${line}`),
  });
  project.provide("neo4j", { ...connection, database: "neo4j" });
  return async () => {
    await server.stop();
    await rm(home, { recursive: true, force: true });
  };
}
