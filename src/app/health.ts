import { Router } from "express";
import type { Driver } from "neo4j-driver";
import { describeServer } from "../database.ts";
import type { Neo4jHealth } from "../neo4j-runtime/supervisor.ts";

/**
 * `/health` (liveness) and `/ready` (readiness). A local Neo4j being restarted is "degraded" but still 200
 * on /health: the process is recovering by itself, so nothing should restart it; one given up on is 503,
 * since only a restart of the app helps. /ready is 200 only while the database answers.
 */
export function healthRoutes(driver: Driver, database: string, neo4jHealth?: () => Neo4jHealth): Router {
  const router = Router();
  router.get("/health", (_req, res) => {
    const neo4j = neo4jHealth?.();
    if (!neo4j) return void res.json({ status: "ok" });
    const status = { running: "ok", restarting: "degraded", failed: "failed" }[neo4j.state];
    res.status(neo4j.state === "failed" ? 503 : 200).json({ status, localNeo4j: neo4j });
  });

  router.get("/ready", async (_req, res) => {
    const unavailable = { status: "unavailable", error: "graph database unavailable" };
    const supervised = neo4jHealth?.();
    if (supervised && supervised.state !== "running") {
      return void res.status(503).json({ ...unavailable, localNeo4j: supervised });
    }
    try {
      const neo4j = await describeServer(driver, database);
      res.json({ status: "ready", neo4j });
    } catch {
      res.status(503).json(unavailable);
    }
  });
  return router;
}
