// The one reader of graph/'s Cypher files: a folder of named statements, one per file. src/model/ reads the
// API's and the features' through it (adding its selectors); the plumbing that may not import src/model/
// (src/database.ts, the local runtime) reads graph/runtime/ through it directly.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "./config.ts";

/** The folder of the model: type definitions, constraints and every Cypher statement the app runs. */
export const graphDirectory = path.join(projectRoot, "graph");

/**
 * The statement of `<graphDirectory>/<folder>/<name>.cypher` for each of `names`, comment lines left out.
 * Refuses, at start, a named file that is missing and a file of the folder that no name asks for, so that
 * graph/ holds no statement nothing runs.
 *
 * @example
 * ```ts
 * const runtimeStatements = readCypherFiles(graphDirectory, "runtime", ["server-components"] as const);
 * await driver.executeQuery(runtimeStatements["server-components"]);
 * ```
 */
export function readCypherFiles<const Name extends string>(
  directory: string,
  folder: string,
  names: readonly Name[],
): Record<Name, string> {
  const folderPath = path.join(directory, folder);
  const files = existsSync(folderPath)
    ? readdirSync(folderPath).filter((file) => file.endsWith(".cypher"))
    : [];
  const unnamed = files.filter((file) => !names.includes(file.replace(/\.cypher$/, "") as Name));
  if (unnamed.length > 0) {
    throw new Error(
      `graph/${folder}/ holds ${unnamed.join(", ")}, which no feature reads: name it where the folder is read (src/model/index.ts, or src/database.ts for graph/runtime/) or remove it.`,
    );
  }
  return Object.fromEntries(
    names.map((name) => {
      const file = path.join(folderPath, `${name}.cypher`);
      if (!existsSync(file)) {
        throw new Error(`graph/${folder}/${name}.cypher does not exist: src/ reads it.`);
      }
      return [name, withoutComments(readFileSync(file, "utf8"))];
    }),
  ) as Record<Name, string>;
}

/** A Cypher text without its `//` comment lines. */
export function withoutComments(text: string): string {
  return text
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("//"))
    .join("\n")
    .trim();
}
