// The worker thread of bulk-csv.ts: writes the facts it is sent into CSV files of its own, then answers with
// the files (or with the refusal that stopped it, its files closed: the caller removes the folder).
import { parentPort, workerData } from "node:worker_threads";
import {
  CsvFolder,
  type CsvThreadAnswer,
  type CsvThreadData,
  type CsvThreadMessage,
  writeFacts,
} from "./bulk-csv.ts";
import { ImportError } from "./plan.ts";

const { folder, ...context } = workerData as CsvThreadData;
const files = new CsvFolder(folder, "thread");
let failed = false;

const answer = (message: CsvThreadAnswer) => parentPort?.postMessage(message);

parentPort?.on("message", (message: CsvThreadMessage) => {
  if (failed) return;
  try {
    if ("batch" in message) writeFacts([message.batch], context, files);
    else answer({ written: files.close() });
  } catch (error) {
    failed = true;
    files.abandon();
    if (error instanceof ImportError) answer({ problems: error.problems });
    else answer({ error: error instanceof Error ? error.message : String(error) });
  }
});
