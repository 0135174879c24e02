import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Driver } from "neo4j-driver";
import type { Config } from "../config.ts";
import { assertCompatible, describeServer } from "../database.ts";
import { prepareExplorer } from "../explorer/build.ts";
import { bundledSeedFiles, formatSummary, graphIsEmpty, importSeedFiles } from "../importer/index.ts";
import { applyConstraints } from "../importer/write.ts";
import { openGraph } from "../neo4j-runtime/connect.ts";
import { type App, createApp } from "./app.ts";
import { listen } from "./listen.ts";

/** A running btech-graph: Neo4j (local or the user's), the driver and the HTTP server. */
export interface RunningServer {
  url: string;
  driver: Driver;
  /** Closes HTTP, then the driver, then the local Neo4j (if this process started it). */
  close(): Promise<void>;
}

/**
 * What the port answers while Neo4j starts and the schema is built: come back shortly, as a GraphQL error
 * with the API's SERVICE_UNAVAILABLE code on /graphql (docs/api.md, Errors), as a status elsewhere.
 */
function answerStarting(req: IncomingMessage, res: ServerResponse): void {
  const message = "btech-graph is starting: try again shortly";
  res.writeHead(503, { "content-type": "application/json", "retry-after": "5" });
  res.end(
    JSON.stringify(
      req.url?.startsWith("/graphql")
        ? { errors: [{ message, extensions: { code: "SERVICE_UNAVAILABLE" } }] }
        : { status: "starting", error: message },
    ),
  );
}

/**
 * Boots everything `npm start` runs, in order, and fails with a sentence saying what to fix. The port is
 * taken first, so a port in use or a bad HOST is reported at once, before Neo4j is started for nothing.
 */
export async function startServer(
  config: Config,
  log: (line: string) => void = console.log,
): Promise<RunningServer> {
  const started = Date.now();
  let handler: (req: IncomingMessage, res: ServerResponse) => void = answerStarting;
  // While starting, a client that waits before sending its body gets the 503 at once and sends nothing.
  let checkContinue: (req: IncomingMessage, res: ServerResponse) => void = answerStarting;
  const http: Server = await listen(
    (req, res) => handler(req, res),
    config.http,
    (req, res) => checkContinue(req, res),
  );
  const closeHttp = () => new Promise<void>((resolve) => http.close(() => resolve()));
  // The explorer page is built (when missing or stale: a fresh clone) while Neo4j starts: neither needs the other.
  const explorerPrepared = prepareExplorer(log);
  let graph: Awaited<ReturnType<typeof openGraph>>;
  try {
    graph = await openGraph(config, log, { supervise: true });
  } catch (error) {
    await explorerPrepared;
    await closeHttp();
    throw error;
  }
  const { connection, driver, supervisor } = graph;
  let app: App | undefined;
  const close = async () => {
    await closeHttp();
    await app?.stop();
    await graph.close();
  };
  let appBuilt: Promise<App> | undefined;
  try {
    // One statement at a time: on a fresh server each is planned cold, and these have a short timeout.
    const info = await describeServer(driver, connection.database);
    assertCompatible(info);
    log(
      `Neo4j ${info.version} ${info.edition}, APOC ${info.apoc}, ${info.gds ? `GDS ${info.gds}` : "no GDS (analytics unavailable)"}.`,
    );
    const empty = config.seedOnEmpty && (await graphIsEmpty(driver, connection.database));
    // The API is built while the graph is seeded or its schema checked: building it takes this process's CPU,
    // those statements mostly Neo4j's. Nothing is served from it before both are done.
    appBuilt = createApp({
      driver,
      database: connection.database,
      api: config.api,
      analytics: config.analytics,
      explorer: config.explorer,
      ...(supervisor ? { neo4jHealth: () => supervisor.health() } : {}),
    });
    // Its failure is thrown where it is awaited below; until then it must not count as unhandled.
    appBuilt.catch(() => {});
    if (empty) {
      // The import applies graph/constraints.cypher first, and fails if it cannot.
      log("The graph is empty: importing the bundled seed (seed/*.yaml)…");
      const summary = await importSeedFiles(driver, connection.database, await bundledSeedFiles());
      log(formatSummary(summary));
    } else {
      // The API's queries rely on the indexes too (full-text search, the timeline's date seeks): a graph
      // seeded by an older version, or not seeded at all, gets them before the first request.
      await applyConstraints(driver, connection.database).catch((error: Error) => {
        log(
          `Could not create the indexes of graph/constraints.cypher (${error.message.split("\n")[0]}): search and timeline need them. Run \`npm run seed\` once as a user allowed to change the schema.`,
        );
      });
    }
    await explorerPrepared;
    app = await appBuilt;
    handler = app.express;
    checkContinue = app.checkContinue;
  } catch (error) {
    // An app built beside a seed that failed is stopped with the rest.
    app ??= await appBuilt?.catch(() => undefined);
    await explorerPrepared;
    await close();
    throw error;
  }
  const url = `http://${config.http.host === "0.0.0.0" ? "localhost" : config.http.host}:${config.http.port}`;
  log(`btech-graph is ready after ${((Date.now() - started) / 1000).toFixed(1)} s: ${url}/graphql`);
  return { url, driver, close };
}
