import neo4j, { type Driver, type Record as Neo4jRecord } from "neo4j-driver";
import { graphDirectory, readCypherFiles } from "./cypher-files.ts";

/**
 * The statements that probe the server (graph/runtime/): its version and plugins. Read here rather than
 * through src/model/, which plumbing may not import.
 */
export const runtimeStatements = readCypherFiles(graphDirectory, "runtime", [
  "apoc-version",
  "full-text-search",
  "gds-version",
  "has-function",
  "server-components",
] as const);

/** The statement that returns a plugin's `version`, by the function that gives it. */
const pluginVersionStatements = {
  "apoc.version": runtimeStatements["apoc-version"],
  "gds.version": runtimeStatements["gds-version"],
} as const;

/** Where to reach a Neo4j server and as whom. */
export interface Neo4jConnection {
  uri: string;
  username: string;
  password: string;
  database: string;
}

/**
 * A driver tuned for an API: fail fast when the server is gone (short connection and acquisition
 * timeouts) instead of letting requests pile up, and recover by itself when it is back.
 */
export function createDriver(connection: Neo4jConnection): Driver {
  return neo4j.driver(connection.uri, neo4j.auth.basic(connection.username, connection.password), {
    connectionTimeout: 3_000,
    connectionAcquisitionTimeout: 5_000,
    // No retries: executeRead/executeWrite (which @neo4j/graphql uses) retry an unavailable server with
    // backoff, each attempt waiting up to the acquisition timeout, so one request could hang ~20 s while
    // Neo4j was down. A failed request is answered at once and the client retries.
    maxTransactionRetryTime: 0,
    maxConnectionPoolSize: 50,
    disableLosslessIntegers: true,
    userAgent: "btech-graph",
  });
}

/** What the server is and which plugins answer, as `/ready` reports it. */
export interface ServerInfo {
  version: string;
  edition: string;
  apoc: string | null;
  gds: string | null;
}

/**
 * The server-side timeout of the statements that read the server's own state (its version, plugins,
 * counts, procedures): they answer in milliseconds, and this bounds them should Neo4j not, like every other
 * statement the app sends (GRAPHQL_TIMEOUT_MS, ANALYTICS_TIMEOUT_MS).
 */
export const metadataQuery = { transactionConfig: { timeout: 5_000 } } as const;

/**
 * A metadata query whose answer rarely changes, asked of each driver's server at most once per `ttlMs` (a
 * failed answer is forgotten at once, so the next call asks again).
 *
 * @example
 * const hasGds = cachedServerQuery("SHOW PROCEDURES …", 30_000, (records) => records.length > 0);
 * await hasGds(driver, "neo4j");
 */
export function cachedServerQuery<T>(
  query: string,
  ttlMs: number,
  answer: (records: Neo4jRecord[]) => T,
): (driver: Driver, database: string) => Promise<T> {
  const cache = new WeakMap<Driver, { at: number; value: Promise<T> }>();
  return (driver, database) => {
    const cached = cache.get(driver);
    if (cached && Date.now() - cached.at < ttlMs) return cached.value;
    const value = driver
      .executeQuery(query, {}, { database, routing: neo4j.routing.READ, ...metadataQuery })
      .then(({ records }) => answer(records));
    cache.set(driver, { at: Date.now(), value });
    value.catch(() => cache.delete(driver));
    return value;
  };
}

/** The oldest Neo4j that @neo4j/graphql 7 accepts. */
const minimumVersion = [5, 23] as const;

/** Asks the server for its version, edition and plugin versions (APOC and GDS are optional here). */
export async function describeServer(driver: Driver, database: string): Promise<ServerInfo> {
  const { records } = await driver.executeQuery(
    runtimeStatements["server-components"],
    {},
    { database, routing: neo4j.routing.READ, ...metadataQuery },
  );
  const component = records[0];
  if (!component) throw new Error("dbms.components() returned nothing");
  return {
    version: component.get("version"),
    edition: component.get("edition"),
    apoc: await pluginVersion(driver, database, "apoc.version"),
    gds: await pluginVersion(driver, database, "gds.version"),
  };
}

async function pluginVersion(
  driver: Driver,
  database: string,
  fn: keyof typeof pluginVersionStatements,
): Promise<string | null> {
  const { records } = await driver.executeQuery(
    runtimeStatements["has-function"],
    { fn },
    { database, routing: neo4j.routing.READ, ...metadataQuery },
  );
  if (!records[0]?.get("present")) return null;
  const version = await driver.executeQuery(pluginVersionStatements[fn], {}, { database, ...metadataQuery });
  return version.records[0]?.get("version") ?? null;
}

/** Thrown at boot when the server cannot host btech-graph; the message says what to change. */
export class IncompatibleServerError extends Error {
  override name = "IncompatibleServerError";
}

/** Fails unless the server is new enough and has the APOC functions the generated Cypher calls. */
export function assertCompatible(info: ServerInfo): void {
  const [major = 0, minor = 0] = info.version.split(".").map(Number);
  const [needMajor, needMinor] = minimumVersion;
  if (major < needMajor || (major === needMajor && minor < needMinor)) {
    throw new IncompatibleServerError(
      `Neo4j ${info.version} is too old: btech-graph needs ${needMajor}.${needMinor} or later (5.26 LTS is tested).`,
    );
  }
  if (!info.apoc) {
    throw new IncompatibleServerError(
      "The APOC core plugin is missing from this Neo4j: install it (NEO4J_PLUGINS='[\"apoc\"]' in Docker, or the apoc-core jar in plugins/) and restart Neo4j.",
    );
  }
}
