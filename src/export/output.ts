import { constants } from "node:fs";
import { access, stat, writeFile } from "node:fs/promises";
import path from "node:path";

/** Thrown when an export cannot be written where `--out` says; the message names the path and the fix. */
export class OutputError extends Error {
  override name = "OutputError";
}

/**
 * Fails unless `out` can be written: its folder exists and is writable, and it is not itself a folder.
 * The export CLI checks this before it starts Neo4j or reads the graph, so a typo costs nothing.
 */
export async function assertWritable(out: string): Promise<void> {
  const folder = path.dirname(path.resolve(out));
  const folderInfo = await stat(folder).catch(() => undefined);
  if (!folderInfo?.isDirectory()) {
    throw new OutputError(
      `Cannot write --out ${out}: the folder ${path.dirname(out)} does not exist. Create it first, or choose another path.`,
    );
  }
  if ((await stat(out).catch(() => undefined))?.isDirectory()) {
    throw new OutputError(
      `Cannot write --out ${out}: it is a folder. Give a file name, e.g. ${path.join(out, "graph")}.`,
    );
  }
  await access(folder, constants.W_OK).catch(() => {
    throw new OutputError(
      `Cannot write --out ${out}: the folder ${path.dirname(out)} is not writable by this user.`,
    );
  });
}

/** Writes the export to `out`, turning a failure (disk full, permissions changed meanwhile) into one sentence. */
export async function writeOutput(out: string, body: string | Uint8Array): Promise<void> {
  await writeFile(out, body).catch((error: NodeJS.ErrnoException) => {
    throw new OutputError(`Cannot write --out ${out}: ${error.code ?? error.message}.`);
  });
}
