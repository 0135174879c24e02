import { existsSync } from "node:fs";
import path from "node:path";
import express, { type Router } from "express";
import { projectRoot } from "../config.ts";

/** Where `vite build` puts the explorer page (git-ignored; built by `npm start` when missing or stale). */
export const explorerDist = path.join(projectRoot, "web", "dist");

/**
 * Serves the explorer page (web/) at `/`. If it has not been built, `/` says how to build it rather than
 * answering 404.
 */
export function explorerPage(): Router {
  const router = express.Router();
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
