import type { Driver } from "neo4j-driver";
import type { Config } from "../config.ts";
import { createDriver, type Neo4jConnection } from "../database.ts";
import { LocalNeo4j } from "./server.ts";

/** The graph a process works on: the connection, its driver, and how to let go of both. */
export interface OpenGraph {
  connection: Neo4jConnection;
  driver: Driver;
  /** Closes the driver, then stops the local Neo4j if this process started it (one already running is left). */
  close(): Promise<void>;
}

/**
 * Connects to the configured Neo4j: the user's (`NEO4J_URI`), or the project's own, which is started when
 * no `npm start`/`db:start` already runs it. Shared by the server and every command-line tool.
 *
 * @example
 * const graph = await openGraph(loadConfig(), console.error);
 * try { … graph.driver … } finally { await graph.close(); }
 */
export async function openGraph(config: Config, log: (line: string) => void): Promise<OpenGraph> {
  let local: LocalNeo4j | undefined;
  let connection: Neo4jConnection;
  if (config.neo4j.mode === "local") {
    local = new LocalNeo4j(config.neo4j.local);
    const { uri, username, password } = await local.start({
      ...(config.neo4j.password ? { password: config.neo4j.password } : {}),
      log,
    });
    connection = { uri, username, password, database: config.neo4j.database };
  } else {
    connection = config.neo4j;
    log(`Using your Neo4j at ${connection.uri}.`);
  }
  const driver = createDriver(connection);
  return {
    connection,
    driver,
    close: async () => {
      await driver.close();
      await local?.stop();
    },
  };
}
