// GraphiQL served by the app itself, so http://localhost:4000/graphql works in a browser with no internet:
// Apollo's own landing page loads its code from a CDN. The page is bundled from the `graphiql`, `react` and
// `react-dom` npm packages with esbuild, in memory, on the first visit (a few seconds), then kept.
import { build } from "esbuild";
import type { Request, Response, Router } from "express";
import express from "express";
import { projectRoot } from "../config.ts";

/** Where the bundle is served; the page at GET /graphql refers to these two files only. */
export const graphiqlAssets = { script: "/graphiql/graphiql.js", style: "/graphiql/graphiql.css" } as const;

const entry = `
import { GraphiQL } from "graphiql";
import { createElement } from "react";
import { createRoot } from "react-dom/client";
import "graphiql/style.css";

// Same-origin POSTs as application/json, which Apollo's CSRF prevention accepts. Editors add their
// "Authorization: Bearer …" header in GraphiQL's Headers tab.
async function fetcher(params, options) {
  const response = await fetch(window.location.pathname, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...(options?.headers ?? {}) },
    body: JSON.stringify(params),
  });
  return response.json();
}

const defaultQuery = \`# The B-Tech knowledge graph. Try a search (accents are folded):
query Search {
  search(phrase: "telefonica", limit: 5) {
    id
    type
    name
    score
  }
}
\`;

createRoot(document.getElementById("graphiql")).render(createElement(GraphiQL, { fetcher, defaultQuery }));
`;

let bundle: Promise<{ script: string; style: string }> | undefined;

/** Bundles GraphiQL once per process; later calls share the same result. */
export function graphiqlBundle(): Promise<{ script: string; style: string }> {
  bundle ??= build({
    stdin: { contents: entry, resolveDir: projectRoot, loader: "jsx", sourcefile: "graphiql-entry.jsx" },
    bundle: true,
    write: false,
    minify: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    outdir: "graphiql",
    entryNames: "graphiql",
    define: { "process.env.NODE_ENV": '"production"' },
    loader: { ".woff": "dataurl", ".woff2": "dataurl", ".svg": "dataurl", ".png": "dataurl" },
    logLevel: "silent",
  })
    .then(({ outputFiles }) => {
      const file = (extension: string) =>
        outputFiles.find((output) => output.path.endsWith(extension))?.text ?? "";
      return { script: file(".js"), style: file(".css") };
    })
    .catch((error: unknown) => {
      bundle = undefined; // let the next visit try again
      throw error;
    });
  return bundle;
}

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>btech-graph · GraphiQL</title>
    <link rel="stylesheet" href="${graphiqlAssets.style}" />
    <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script src="${graphiqlAssets.script}"></script>
  </body>
</html>
`;

/**
 * Routes for the IDE: GET /graphql from a browser (Accept: text/html) gets the page, GET /graphiql/* its
 * bundle. GraphQL requests, including GETs from clients, go on to Apollo untouched.
 */
export function graphiqlRoutes(): Router {
  const router = express.Router();
  router.get("/graphql", (req: Request, res: Response, next) => {
    if (
      req.query.query !== undefined ||
      !req.accepts("text/html") ||
      req.accepts(["application/json", "text/html"]) === "application/json"
    ) {
      return next();
    }
    // Its content security policy is every page's (src/security-headers.ts).
    res.set({ "content-type": "text/html; charset=utf-8" });
    res.send(page);
  });
  const asset = (kind: "script" | "style", type: string) => async (_req: Request, res: Response) => {
    try {
      const files = await graphiqlBundle();
      res.set({ "content-type": type, "cache-control": "public, max-age=3600" }).send(files[kind]);
    } catch {
      res
        .status(500)
        .type("text/plain")
        .send("GraphiQL could not be bundled: run `npm ci` to reinstall the graphiql package.");
    }
  };
  router.get(graphiqlAssets.script, asset("script", "text/javascript; charset=utf-8"));
  router.get(graphiqlAssets.style, asset("style", "text/css; charset=utf-8"));
  return router;
}
