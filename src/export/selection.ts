import { Kind, parse } from "graphql";
import { dayProblem, type Selectors } from "../selectors.ts";
import { maxDepth, type Selection, SelectionError } from "./load.ts";

/** What a caller may ask for: one of node (+depth), theme, year, query; nothing means the whole graph. */
export interface SelectionParameters {
  node?: string | undefined;
  depth?: string | undefined;
  theme?: string | undefined;
  year?: string | undefined;
  /** A GraphQL query: the export holds the entities its result names (by `id`, `subjectId`, `objectId`). */
  query?: string | undefined;
  /** A day `YYYY-MM-DD`: the graph as it stood that day (combines with any selection). */
  asOf?: string | undefined;
  /** A source id: the graph as that source tells it (combines with any selection and with asOf). */
  source?: string | undefined;
}

/**
 * Checks the selectors `asOf` and `source` of `/export/<format>` and `npm run export` (whether the source
 * exists is checked against the graph when the export loads).
 */
export function parseSelectors(parameters: Pick<SelectionParameters, "asOf" | "source">): Selectors {
  const { asOf, source } = parameters;
  if (asOf !== undefined) {
    const problem = dayProblem(asOf);
    if (problem) throw new SelectionError(`asOf=${problem}`);
  }
  if (source !== undefined && source.trim() === "") {
    throw new SelectionError(
      "source is empty: give a source id such as source:btech-cop-2022-year-end-review",
    );
  }
  return { asOf: asOf ?? null, source: source ?? null };
}

/** A selection that still needs a GraphQL query run before it names its entities. */
export type PendingSelection = Selection | { kind: "graphql"; query: string };

/** Checks the parameters of `/export/<format>` and `npm run export` and says exactly what is wrong. */
export function parseSelection(parameters: SelectionParameters): PendingSelection {
  const given = (["node", "theme", "year", "query"] as const).filter((key) => parameters[key] !== undefined);
  if (given.length > 1) {
    throw new SelectionError(`choose one of node, theme, year or query, not ${given.join(" and ")}`);
  }
  if (parameters.depth !== undefined && parameters.node === undefined) {
    throw new SelectionError("depth needs a node: add node=<id>");
  }
  if (parameters.node !== undefined) {
    const depth = parameters.depth === undefined ? 1 : Number(parameters.depth);
    if (!/^\d+$/.test(parameters.depth ?? "1") || depth > maxDepth) {
      throw new SelectionError(`depth must be a whole number from 0 to ${maxDepth}, not ${parameters.depth}`);
    }
    return { kind: "neighbourhood", id: nonEmpty("node", parameters.node), depth };
  }
  if (parameters.theme !== undefined) return { kind: "theme", id: nonEmpty("theme", parameters.theme) };
  if (parameters.year !== undefined) {
    if (!/^\d{4}$/.test(parameters.year))
      throw new SelectionError(`year must be four digits, not ${parameters.year}`);
    return { kind: "year", year: Number(parameters.year) };
  }
  if (parameters.query !== undefined) return { kind: "graphql", query: readOnlyQuery(parameters.query) };
  return { kind: "all" };
}

function nonEmpty(name: string, value: string): string {
  if (value.trim() === "")
    throw new SelectionError(`${name} is empty: give an id such as company:telefonica`);
  return value;
}

/** Only queries select: a document with a mutation or a subscription is refused before it runs. */
function readOnlyQuery(query: string): string {
  let document: ReturnType<typeof parse>;
  try {
    document = parse(query);
  } catch (error) {
    throw new SelectionError(`query is not valid GraphQL: ${(error as Error).message}`);
  }
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION && definition.operation !== "query") {
      throw new SelectionError(`query must be a query, not a ${definition.operation}`);
    }
  }
  return query;
}

/**
 * The entity ids a GraphQL result names: every `id`, `subjectId` and `objectId` string anywhere in it
 * (a fact in the result brings both of its ends along).
 */
export function idsInResult(data: unknown): string[] {
  const ids = new Set<string>();
  const walk = (value: unknown) => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
    } else if (value && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        if ((key === "id" || key === "subjectId" || key === "objectId") && typeof child === "string")
          ids.add(child);
        else walk(child);
      }
    }
  };
  walk(data);
  return [...ids].sort();
}

const slug = (text: string) => text.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "");

/**
 * A short, file-name-safe description of a selection and its selectors: `all`,
 * `node-company-telefonica-depth-2`, `all-as-of-2022-06-15-source-source-x`…
 */
export function selectionSlug(selection: PendingSelection, selectors?: Selectors): string {
  const suffix = [
    selectors?.asOf ? `as-of-${selectors.asOf}` : "",
    selectors?.source ? `source-${slug(selectors.source)}` : "",
  ].filter(Boolean);
  return [kindSlug(selection), ...suffix].join("-");
}

function kindSlug(selection: PendingSelection): string {
  switch (selection.kind) {
    case "all":
      return "all";
    case "neighbourhood":
      return `node-${slug(selection.id)}-depth-${selection.depth}`;
    case "theme":
      return `theme-${slug(selection.id)}`;
    case "year":
      return `year-${selection.year}`;
    case "ids":
    case "graphql":
      return "selection";
  }
}
