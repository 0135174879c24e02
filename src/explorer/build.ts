import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { projectRoot } from "../config.ts";
import { explorerDist } from "./static.ts";

const webRoot = path.join(projectRoot, "web");
// What the page is built from: its own folder, and the export writers and palette it bundles.
const inputs = [
  path.join(webRoot, "index.html"),
  path.join(webRoot, "vite.config.ts"),
  path.join(webRoot, "src"),
  path.join(projectRoot, "src", "export"),
  path.join(projectRoot, "graph", "generated"),
];

/**
 * Builds the explorer page with Vite when web/dist is missing or older than any of its inputs, so that
 * `npm ci && npm start` on a fresh clone serves it. A build takes a few seconds; a fresh one costs a
 * directory walk.
 */
export async function ensureExplorerBuilt(log: (line: string) => void = console.log): Promise<void> {
  const built = await modified(path.join(explorerDist, "index.html"));
  if (built !== undefined && (await newest(inputs)) <= built) return;
  log(
    built === undefined ? "Building the explorer page (web/)…" : "The explorer page changed: rebuilding it…",
  );
  const started = Date.now();
  // Imported here so that an app that never builds (tests, production images built ahead) never loads Vite.
  const { build } = await import("vite");
  await build({ configFile: path.join(webRoot, "vite.config.ts"), logLevel: "warn" });
  log(`Explorer page built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

async function modified(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return undefined;
  }
}

async function newest(paths: string[]): Promise<number> {
  let latest = 0;
  for (const entry of paths) {
    const info = await stat(entry).catch(() => undefined);
    if (!info) continue;
    if (info.isDirectory()) {
      const children = await readdir(entry);
      latest = Math.max(latest, await newest(children.map((child) => path.join(entry, child))));
    } else {
      latest = Math.max(latest, info.mtimeMs);
    }
  }
  return latest;
}

/** For `npm start`: builds the page if needed, and if that fails says so and lets the API start anyway. */
export async function prepareExplorer(log: (line: string) => void): Promise<void> {
  try {
    await ensureExplorerBuilt(log);
  } catch (error) {
    log(`The explorer page could not be built (${(error as Error).message}); the API serves without it.`);
  }
}
