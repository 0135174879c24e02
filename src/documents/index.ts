// The documents themselves in the API: `sourceDocument(id) { text }`, the text the importer checked the source's quotes
// against, so that a reader can see every quote in place (the explorer's reader, docs/explorer.md).
import { readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { GraphQLError } from "graphql";
import { projectRoot } from "../config.ts";
import type { FeatureModule } from "../feature-module.ts";
import { documentTypeDefs } from "../model/index.ts";

/** The largest document the API serves, in bytes (graph/documents.graphql says so to clients). */
export const maxDocumentBytes = 2_000_000;

/** Where source files live: a Source's `file` is relative to it, as in the seed's YAML. */
const seedFolder = path.join(projectRoot, "seed");

const cache = new Map<string, { modified: number; text: string }>();

/**
 * The text of a source's file under seed/, or null when there is none. A path that leaves seed/ (`..`, a
 * link pointing out) is never read; a file over `maxDocumentBytes` is refused with an error naming the limit.
 */
export async function readSourceText(
  file: string | null | undefined,
  folder = seedFolder,
): Promise<string | null> {
  if (!file) return null;
  let resolved: string;
  let root: string;
  try {
    root = await realpath(folder);
    resolved = await realpath(path.resolve(folder, file));
  } catch {
    return null;
  }
  if (!resolved.startsWith(`${root}${path.sep}`)) return null;
  const info = await stat(resolved);
  if (!info.isFile()) return null;
  if (info.size > maxDocumentBytes) {
    throw new GraphQLError(
      `The document ${file} is ${info.size} bytes, more than the ${maxDocumentBytes} the API serves.`,
      { extensions: { code: "DOCUMENT_TOO_LARGE" } },
    );
  }
  const cached = cache.get(resolved);
  if (cached && cached.modified === info.mtimeMs) return cached.text;
  const text = await readFile(resolved, "utf8");
  cache.set(resolved, { modified: info.mtimeMs, text });
  return text;
}

/** `sourceDocument(id)` with its `text`, composed into the API by src/api/schema.ts. */
export const documentsModule: FeatureModule = {
  typeDefs: documentTypeDefs,
  resolvers: {
    SourceDocument: {
      text: (document: { file?: string | null }) => readSourceText(document.file),
    },
  },
};
