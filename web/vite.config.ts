import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The explorer page: built into web/dist, which the app serves at `/` (src/explorer/static.ts). */
export default defineConfig({
  root: here,
  base: "/",
  logLevel: "warn",
  build: {
    outDir: path.join(here, "dist"),
    emptyOutDir: true,
    // One page, one bundle: Cytoscape and the export writers are most of it.
    chunkSizeWarningLimit: 2_000,
  },
});
