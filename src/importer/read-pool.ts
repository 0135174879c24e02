import type { Worker } from "node:worker_threads";
import type { ModelRules } from "../model/index.ts";
import { type ReadResult, readFileRows } from "./read.ts";
import type { ReadAnswer, ReadRequest } from "./read-worker.ts";
import { startWorker } from "./worker.ts";

/**
 * Reads files (see `readFileRows`) in `threads` worker threads and on the calling thread, so that a big import
 * is parsed and checked on every core while the caller merges what has arrived. `take(index)` gives one file's
 * result; call it for each file in order. While the file asked for is still being read by a worker, the
 * calling thread reads the next file no one has started instead of waiting: that costs no copying between
 * threads. With 0 threads every file is read on the calling thread, when taken. Call `close` in every case.
 */
export function readFiles(
  files: { file: string; display: string }[],
  rules: ModelRules,
  maxBytes: number,
  threads: number,
): { take: (index: number) => Promise<ReadResult>; close: () => Promise<void> } {
  // One slot per file: empty until someone starts reading it.
  const slots: (Promise<ReadResult> | undefined)[] = files.map(() => undefined);
  const finished = new Set<number>();
  const waiting = new Map<
    number,
    { resolve: (result: ReadResult) => void; reject: (error: Error) => void }
  >();

  const readHere = (index: number) => {
    const entry = files[index] as { file: string; display: string };
    const result = readFileRows(entry.file, entry.display, rules, maxBytes);
    slots[index] = result;
    // Settled here; a failure is rethrown when this file is taken, in order.
    result.then(
      () => finished.add(index),
      () => finished.add(index),
    );
    return result;
  };
  const failAll = (error: Error) => {
    for (const { reject } of waiting.values()) reject(error);
  };

  const workers: Worker[] = [];
  const send = (worker: Worker) => {
    const index = slots.indexOf(undefined);
    const entry = files[index];
    if (!entry) return;
    slots[index] = new Promise<ReadResult>((resolve, reject) => waiting.set(index, { resolve, reject }));
    slots[index].catch(() => {});
    worker.postMessage({ index, file: entry.file, display: entry.display, maxBytes } satisfies ReadRequest);
  };
  for (let count = 0; count < Math.min(threads, files.length); count++) {
    const worker = startWorker("src/importer/read-worker.ts", rules);
    worker.on("message", ({ index, error, ...result }: ReadAnswer) => {
      finished.add(index);
      if (error === undefined) waiting.get(index)?.resolve(result);
      else waiting.get(index)?.reject(new Error(`${files[index]?.display}: ${error}`));
      send(worker);
    });
    // A thread that fails (out of memory, say) fails the files it has not answered; settled ones stay.
    worker.on("error", failAll);
    worker.on("exit", (code) =>
      failAll(new Error(`a thread reading seed files stopped (exit code ${code})`)),
    );
    workers.push(worker);
    send(worker);
  }

  const take = async (index: number): Promise<ReadResult> => {
    for (;;) {
      const slot = slots[index];
      if (!slot) return readHere(index);
      const other = slots.indexOf(undefined);
      if (finished.has(index) || other === -1) return slot;
      await readHere(other).catch(() => {});
    }
  };
  return { take, close: async () => void (await Promise.all(workers.map((worker) => worker.terminate()))) };
}
