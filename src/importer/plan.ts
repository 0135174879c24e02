import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import type { ModelRules } from "../model/index.ts";
import { type ImportPlan, normalizeSpace, recordMerger } from "./merge.ts";
import { readFiles } from "./read-pool.ts";

export { dateRange } from "./calendar.ts";
export type { ImportPlan } from "./merge.ts";
export { recordMerger } from "./merge.ts";
export type { CitationRow, FactRow, NodeRow } from "./rows.ts";
export { factId } from "./rows.ts";

/** Refused input: every problem names the file, the record and the field. */
export class ImportError extends Error {
  override name = "ImportError";
  readonly problems: string[];
  constructor(problems: string[], heading = "Nothing was imported; fix these and run again:") {
    const shown = problems.slice(0, 50);
    const more = problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : "";
    super(`${heading}\n  ${shown.join("\n  ")}${more}`);
    this.problems = problems;
  }
}

export interface PlanOptions {
  /** Files larger than this are refused before parsing. */
  maxFileBytes?: number;
  /**
   * Worker threads that read and check files beside the main thread, which reads too and merges (see
   * `readFiles`); 0 reads every file on the main thread. By default one per core but one (at most 3) when at
   * least two files are bigger than 1 MB, else 0: a thread costs about half a second to start.
   */
  readThreads?: number;
}

const defaultMaxFileBytes = 64 * 1024 * 1024;
const bigFileBytes = 1_000_000;

/** Reads, parses and validates seed files; throws an {@link ImportError} listing every problem. */
export async function planImport(
  files: string[],
  rules: ModelRules,
  options: PlanOptions = {},
): Promise<ImportPlan> {
  const maxBytes = options.maxFileBytes ?? defaultMaxFileBytes;
  const entries = files.map((file) => ({ file, display: path.relative(process.cwd(), file) || file }));
  const reader = readFiles(
    entries,
    rules,
    maxBytes,
    options.readThreads ?? (await defaultReadThreads(files)),
  );
  // Problems of single files are reported alone if there are any, as when every file was read before merging;
  // the merge runs file by file as they arrive, in the order given, its own problems kept apart until the end.
  const problems: string[] = [];
  const merge = recordMerger(rules);
  try {
    for (const [index, { file, display }] of entries.entries()) {
      const { rows, problems: found } = await reader.take(index);
      problems.push(...found);
      if (!rows) continue;
      let sourceText: string | undefined;
      if (rows.source.file) {
        const sourcePath = path.resolve(path.dirname(file), rows.source.file);
        if (existsSync(sourcePath)) sourceText = normalizeSpace(await readFile(sourcePath, "utf8"));
        else problems.push(`${display}: source.file: ${JSON.stringify(rows.source.file)} does not exist`);
      }
      if (problems.length === 0) merge.add(display, rows, sourceText);
    }
  } finally {
    await reader.close();
  }
  if (problems.length > 0) throw new ImportError(problems);
  const plan = merge.finish();
  if (merge.problems.length > 0) throw new ImportError(merge.problems);
  return plan;
}

async function defaultReadThreads(files: string[]): Promise<number> {
  const sizes = await Promise.all(
    files.map((file) =>
      stat(file).then(
        (found) => found.size,
        () => 0,
      ),
    ),
  );
  const big = sizes.filter((size) => size > bigFileBytes).length;
  return big >= 2 ? Math.max(0, Math.min(availableParallelism() - 1, 3, big - 1)) : 0;
}
