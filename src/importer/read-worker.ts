// A worker thread of read-pool.ts: reads the files it is sent and answers with what `readFileRows` found.
import { parentPort, workerData } from "node:worker_threads";
import type { ModelRules } from "../model/index.ts";
import { type ReadResult, readFileRows } from "./read.ts";

export interface ReadRequest {
  index: number;
  file: string;
  display: string;
  maxBytes: number;
}

export type ReadAnswer = { index: number; error?: string } & ReadResult;

const rules = workerData as ModelRules;
parentPort?.on("message", async ({ index, file, display, maxBytes }: ReadRequest) => {
  try {
    parentPort?.postMessage({ index, ...(await readFileRows(file, display, rules, maxBytes)) });
  } catch (error) {
    // Not a problem of the file's content (those are in `problems`) but e.g. a file that cannot be read.
    parentPort?.postMessage({
      index,
      problems: [],
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
