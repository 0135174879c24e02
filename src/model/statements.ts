// Reads the named Cypher statements of a folder of graph/ (graph/analytics/, graph/export/…), so that the
// Cypher a feature runs is a file of the model rather than a string in TypeScript. Two kinds of blank are
// filled here, never with a caller's words: `{{selected…(x)}}`, a selector predicate of graph/predicates/,
// and `{{name}}`, a placeholder the feature fills from a closed table of its own (a GDS procedure of the
// analytics registry, a property of its own) or with another statement of graph/ (a bipartite preset's
// paths, as a subquery) through {@link fillPlaceholders}.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { readCypherFiles, withoutComments } from "../cypher-files.ts";

/** `{{name(variable)}}`: a selector predicate of graph/predicates/<name>.cypher, applied to `variable`. */
const selectorCall = /\{\{(\w+)\(([^(){}]+)\)\}\}/g;
/** `{{name}}`: a placeholder its feature fills with a dotted identifier from a table of its own. */
const placeholder = /\{\{(\w+)\}\}/g;
/** What a placeholder may be filled with: a label, a property, a procedure name such as gds.pageRank.stream. */
const identifier = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
/** Every statement read from graph/: the only text, besides an identifier, a placeholder takes. */
const statementsOfTheModel = new Set<string>();

/**
 * The statements of `graph/<folder>/<name>.cypher` for each of `names`, comment lines left out and each
 * `{{selector(x)}}` expanded from graph/predicates/. Refuses, at start, a named file that is missing, a file
 * of the folder that no name asks for, and a selector that graph/predicates/ lacks.
 *
 * @example
 * ```ts
 * const statements = readStatements(graphDirectory, "export", ["select-all", "load-nodes"] as const);
 * const { records } = await runner.run(statements["select-all"], {});
 * ```
 */
export function readStatements<const Name extends string>(
  graphDirectory: string,
  folder: string,
  names: readonly Name[],
): Record<Name, string> {
  const read = readCypherFiles(graphDirectory, folder, names);
  return Object.fromEntries(
    names.map((name) => {
      const statement = withSelectors(read[name], graphDirectory, `graph/${folder}/${name}.cypher`);
      statementsOfTheModel.add(statement);
      return [name, statement];
    }),
  ) as Record<Name, string>;
}

/**
 * `statement` with every `{{name}}` replaced by `values[name]`. A value must be an identifier (dotted for a
 * procedure) or a statement read from graph/ by {@link readStatements}; a placeholder without a value, or a
 * value for none, throws: a half-filled statement never runs.
 *
 * @example
 * ```ts
 * fillPlaceholders(analyticsStatements.estimate, { procedure: "gds.pageRank.stream" });
 * ```
 */
export function fillPlaceholders(statement: string, values: Record<string, string>): string {
  const used = new Set<string>();
  const filled = statement.replace(placeholder, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`The statement's placeholder {{${name}}} has no value.`);
    if (!identifier.test(value) && !statementsOfTheModel.has(value))
      throw new Error(`{{${name}}} cannot be filled with ${JSON.stringify(value)}.`);
    used.add(name);
    return value;
  });
  const unused = Object.keys(values).filter((name) => !used.has(name));
  if (unused.length > 0) throw new Error(`The statement has no placeholder ${unused.join(", ")}.`);
  return filled;
}

/** A selector predicate as {@link readStatements} writes it in: between two comments that mark it. */
const selectorPattern = /\(\/\*selector:\w+\*\/[\s\S]*?\/\*end of selector\*\/\)/g;

/**
 * `statement` with every selector predicate written in by {@link readStatements} replaced by `true`: what
 * runs when a caller gives no selector, so that the planner has nothing more to plan than before selectors
 * existed (planning the predicates costs as much as running them on a small graph).
 *
 * @example
 * ```ts
 * const text = selectors.asOf === null && selectors.source === null ? withoutSelectors(statement) : statement;
 * ```
 */
export function withoutSelectors(statement: string): string {
  return statement.replace(selectorPattern, "true");
}

/**
 * Expands `{{selectedEntity(n)}}` into graph/predicates/selectedEntity.cypher with its variable `selected`
 * renamed `n`: the predicate is written once, and the planner sees plain property tests of the statement's own
 * variable (a list predicate around it was re-evaluated per conjunct and made projections twice as slow). The
 * argument must be a variable's name, so that the renaming is exact.
 */
function withSelectors(statement: string, graphDirectory: string, where: string): string {
  return statement.replace(selectorCall, (_, name: string, argument: string) => {
    const variable = argument.trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
      throw new Error(`${where}: {{${name}(${argument})}} must name a variable.`);
    }
    const file = path.join(graphDirectory, "predicates", `${name}.cypher`);
    if (!existsSync(file)) throw new Error(`${where}: graph/predicates/${name}.cypher does not exist.`);
    const predicate = withoutComments(readFileSync(file, "utf8")).replace(/\bselected\b/g, variable);
    return `(/*selector:${name}*/ ${predicate} /*end of selector*/)`;
  });
}
