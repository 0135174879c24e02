import { Worker } from "node:worker_threads";
import type { ModelRules } from "./model.ts";
import type { ReadResult } from "./read.ts";
import type { ReadAnswer, ReadRequest } from "./read-worker.ts";

/** tsx's module hooks, found from here rather than from the working directory. */
const tsxApi = import.meta.resolve("tsx/esm/api");

/**
 * Reads files in worker threads, several at a time, while the caller merges those already read: parsing and
 * checking a big file takes far longer than starting a thread. Returns one promise per file, in the order
 * given, and `close` to stop the threads (call it in every case).
 */
export function readInWorkers(
  files: { file: string; display: string }[],
  rules: ModelRules,
  maxBytes: number,
  threads: number,
): { results: Promise<ReadResult>[]; close: () => Promise<void> } {
  const settle: { resolve: (result: ReadResult) => void; reject: (error: Error) => void }[] = [];
  const results = files.map(
    () => new Promise<ReadResult>((resolve, reject) => settle.push({ resolve, reject })),
  );
  // A rejection the caller has not awaited yet must not count as unhandled (it is awaited in order).
  for (const result of results) result.catch(() => {});
  let next = 0;
  const workers: Worker[] = [];
  const send = (worker: Worker) => {
    const index = next++;
    const entry = files[index];
    if (!entry) return;
    worker.postMessage({ index, file: entry.file, display: entry.display, maxBytes } satisfies ReadRequest);
  };
  for (let count = 0; count < Math.min(threads, files.length); count++) {
    // The worker loads TypeScript as the rest of the project does (tsx), whether or not its parent runs under
    // it: a worker thread does not inherit the parent's module hooks.
    const worker = new Worker(
      `const { register } = await import(${JSON.stringify(tsxApi)});
       register();
       await import(${JSON.stringify(new URL("./read-worker.ts", import.meta.url).href)});`,
      { eval: true, workerData: rules },
    );
    worker.on("message", ({ index, error, ...result }: ReadAnswer) => {
      if (error === undefined) settle[index]?.resolve(result);
      else settle[index]?.reject(new Error(`${files[index]?.display}: ${error}`));
      send(worker);
    });
    // A thread that fails (out of memory, say) fails the files it has not answered; settled ones stay.
    worker.on("error", (error) => {
      for (const { reject } of settle) reject(error);
    });
    worker.on("exit", (code) => {
      for (const { reject } of settle)
        reject(new Error(`a thread reading seed files stopped (exit code ${code})`));
    });
    workers.push(worker);
    send(worker);
  }
  return {
    results,
    close: async () => void (await Promise.all(workers.map((worker) => worker.terminate()))),
  };
}
