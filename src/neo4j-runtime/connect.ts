import type { Driver } from "neo4j-driver";
import type { Config } from "../config.ts";
import { createDriver, type Neo4jConnection } from "../database.ts";
import { LocalNeo4j } from "./server.ts";
import { Neo4jSupervisor } from "./supervisor.ts";

/** The graph a process works on: the connection, its driver, and how to let go of both. */
export interface OpenGraph {
  connection: Neo4jConnection;
  driver: Driver;
  /** Watches and restarts the local Neo4j, when one was asked for and the graph is the project's own. */
  supervisor?: Neo4jSupervisor;
  /** Closes the driver, then stops the local Neo4j if this process started it (one already running is left). */
  close(): Promise<void>;
}

/** What a caller of {@link openGraph} may ask for besides the connection. */
export interface OpenGraphOptions {
  /** Restart the local Neo4j when it dies (`npm start`); command-line tools leave this off and fail instead. */
  supervise?: boolean;
}

/**
 * Connects to the configured Neo4j: the user's (`NEO4J_URI`), or the project's own, which is started when
 * no `npm start`/`db:start` already runs it (one already running is found through its home, on the port
 * it really listens on). Shared by the server and every command-line tool.
 *
 * @example
 * const graph = await openGraph(loadConfig(), console.error);
 * try { … graph.driver … } finally { await graph.close(); }
 */
export async function openGraph(
  config: Config,
  log: (line: string) => void,
  { supervise = false }: OpenGraphOptions = {},
): Promise<OpenGraph> {
  let local: LocalNeo4j | undefined;
  let supervisor: Neo4jSupervisor | undefined;
  let connection: Neo4jConnection;
  if (config.neo4j.mode === "local") {
    local = new LocalNeo4j(config.neo4j.local);
    const startOptions = { ...(config.neo4j.password ? { password: config.neo4j.password } : {}), log };
    const { uri, username, password } = await local.start(startOptions);
    connection = { uri, username, password, database: config.neo4j.database };
    // Restarts reuse the password the first start settled on, and the port it found, so the driver reconnects.
    if (supervise)
      supervisor = new Neo4jSupervisor(local, { ...startOptions, password }, config.neo4j.restart);
  } else {
    connection = config.neo4j;
    log(`Using your Neo4j at ${connection.uri}.`);
  }
  const driver = createDriver(connection);
  return {
    connection,
    driver,
    ...(supervisor ? { supervisor } : {}),
    close: async () => {
      supervisor?.stop();
      await driver.close();
      await local?.stop();
    },
  };
}
