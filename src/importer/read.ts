// Reading one seed file: parse and check it. Imports nothing from the model (the rules come as an argument),
// so that a worker thread can load it quickly (see read-pool.ts).
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { CORE_SCHEMA, load, YAMLException } from "js-yaml";
import type { ModelRules } from "../model/index.ts";
import { formatPath, type SeedFile, seedFileSchema } from "./format.ts";
import { type FileRows, fileRows } from "./rows.ts";

/** One file read: its records as rows, or the problems that refuse it (each naming file, record, field). */
export interface ReadResult {
  rows?: FileRows;
  problems: string[];
}

/** Reads one seed file and turns it into rows (see rows.ts). */
export async function readFileRows(
  file: string,
  display: string,
  rules: ModelRules,
  maxBytes: number,
): Promise<ReadResult> {
  const { data, problems } = await readSeedFile(file, display, rules, maxBytes);
  return data ? { rows: fileRows(data), problems } : { problems };
}

/** Schemas built per rules object, not per file: building a zod schema costs more than a small file's check. */
const schemas = new WeakMap<ModelRules, ReturnType<typeof seedFileSchema>>();

/** Reads, parses and checks one seed file against the model's rules. */
export async function readSeedFile(
  file: string,
  display: string,
  rules: ModelRules,
  maxBytes: number,
): Promise<{ data?: SeedFile; problems: string[] }> {
  const problems: string[] = [];
  if (!existsSync(file)) return { problems: [`${display}: no such file`] };
  const size = (await stat(file)).size;
  if (size > maxBytes) {
    return {
      problems: [
        `${display}: ${(size / 1e6).toFixed(1)} MB is larger than the ${maxBytes / 1e6} MB a seed file may be; split it`,
      ],
    };
  }
  const data = parseYaml(await readFile(file, "utf8"), display, problems);
  if (data === undefined) return { problems };
  let schema = schemas.get(rules);
  if (!schema) {
    schema = seedFileSchema(rules);
    schemas.set(rules, schema);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push(`${display}: ${formatPath(issue.path) || "(top level)"}: ${issue.message}`);
    }
    return { problems };
  }
  return { data: result.data, problems };
}

/** Thrown from the parser's listener at the first anchor, to stop before any alias is expanded. */
class AnchorFound extends Error {}

/**
 * Parses one YAML document safely: the core schema only (no timestamps, no `!!js/function` or any other tag
 * outside it), duplicate keys an error rather than a silent overwrite, and no anchors: a seed never needs
 * them, and anchors with their aliases are how "billion laughs" bombs expand. js-yaml rather than `yaml`:
 * on a 100,000-record file it parses about ten times faster.
 */
function parseYaml(text: string, display: string, problems: string[]): unknown {
  try {
    // An anchor needs an `&`: text without one is parsed without the listener, which costs a quarter of
    // the parse on big files.
    const data = load(text, {
      schema: CORE_SCHEMA,
      json: false,
      ...(text.includes("&")
        ? {
            listener(event: string, state: unknown) {
              if (event === "close" && (state as { anchor?: string | null }).anchor) throw new AnchorFound();
            },
          }
        : {}),
    });
    if (data === undefined || data === null) {
      problems.push(`${display}: the file is empty`);
      return undefined;
    }
    return data;
  } catch (error) {
    if (error instanceof AnchorFound) {
      problems.push(`${display}: YAML anchors (&name) and aliases (*name) are not allowed in seed files`);
    } else if (error instanceof YAMLException) {
      const where = error.mark ? `line ${error.mark.line + 1}, column ${error.mark.column + 1}: ` : "";
      const tag = /^unknown tag !<(.+)>$/.exec(error.reason)?.[1];
      problems.push(
        `${display}: ${where}${tag ? `the YAML tag ${tag} is not allowed in seed files` : error.reason}`,
      );
    } else {
      throw error;
    }
    return undefined;
  }
}
