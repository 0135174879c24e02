import path from "node:path";
import { pathToFileURL } from "node:url";
import { getHeapStatistics } from "node:v8";
import { Worker } from "node:worker_threads";
import { projectRoot } from "../config.ts";

/** tsx's module hooks, found from here rather than from the working directory. */
const tsxApi = import.meta.resolve("tsx/esm/api");

/**
 * A worker thread running one of the importer's TypeScript modules (`file`, from the project's root), given
 * `workerData`. It loads TypeScript as the rest of the project does (tsx), whether or not its parent runs under
 * it: a worker thread does not inherit the parent's module hooks. Its file is found from the project's root, not
 * from this module, which `npm start` runs bundled into dist/main.js. It may use as much heap as its parent
 * (`NODE_OPTIONS=--max-old-space-size`, which a 1M import needs) rather than V8's smaller default for threads.
 */
export function startWorker(file: string, workerData: unknown): Worker {
  const url = pathToFileURL(path.join(projectRoot, file)).href;
  return new Worker(
    `const { register } = await import(${JSON.stringify(tsxApi)});
     register();
     await import(${JSON.stringify(url)});`,
    {
      eval: true,
      workerData,
      resourceLimits: { maxOldGenerationSizeMb: Math.floor(getHeapStatistics().heap_size_limit / 2 ** 20) },
    },
  );
}
