import { existsSync } from "node:fs";
import path from "node:path";
import express, { type Router } from "express";
import neo4j, { type Driver } from "neo4j-driver";
import { type ExplorerSettings, loadConfig, projectRoot } from "../config.ts";
import { explorerStatements } from "../model/index.ts";
import { neo4jFailure } from "../neo4j-failures.ts";

/** Where `vite build` puts the explorer page (git-ignored; built by `npm start` when missing or stale). */
export const explorerDist = path.join(projectRoot, "web", "dist");

/** Where the explorer's graph is, and how the page opens. */
export interface ExplorerPageOptions {
  driver: Driver;
  database: string;
  /** Most milliseconds the count may take (GRAPHQL_TIMEOUT_MS). */
  timeoutMs: number;
  settings?: ExplorerSettings;
}

/**
 * Serves the explorer page (web/) at `/`, and at `/explorer/settings.json` what the page must know before it
 * loads anything: how many entities the graph holds (`entities`, from Neo4j's count store) and above how
 * many it starts search-first (`searchFirstAbove`: EXPLORER_SEARCH_FIRST_NODES). If the page has not been
 * built, `/` says how to build it rather than answering 404.
 */
export function explorerPage({
  driver,
  database,
  timeoutMs,
  settings = loadConfig({}).explorer,
}: ExplorerPageOptions): Router {
  const router = express.Router();
  router.get("/explorer/settings.json", async (_req, res) => {
    res.setHeader("Cache-Control", "no-cache");
    try {
      const { records } = await driver.executeQuery(
        explorerStatements["entity-count"],
        {},
        { database, routing: neo4j.routing.READ, transactionConfig: { timeout: timeoutMs } },
      );
      res.json({ entities: neo4j.integer.toNumber(records[0]?.get("entities") ?? 0), ...settings });
    } catch (error) {
      const failure = neo4jFailure(error);
      if (!failure) console.error("explorer settings failed:", error);
      res.status(failure?.status ?? 500).json({
        error: failure
          ? `the graph's size could not be read: Neo4j failed (${failure.code})`
          : "the graph's size could not be read; the server log says why",
      });
    }
  });
  router.use(express.static(explorerDist, { index: "index.html", maxAge: "1h", setHeaders: noCacheForHtml }));
  router.get("/", (_req, res) => {
    if (existsSync(path.join(explorerDist, "index.html"))) {
      res.sendFile(path.join(explorerDist, "index.html"));
      return;
    }
    res
      .status(503)
      .type("text/plain")
      .send("The explorer page is not built yet: run `npm run build:web` (npm start builds it by itself).\n");
  });
  return router;
}

// The HTML names the hashed bundles of the current build: it must never be served from a stale cache.
function noCacheForHtml(res: express.Response, file: string) {
  if (file.endsWith(".html")) res.setHeader("Cache-Control", "no-cache");
}
