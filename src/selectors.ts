// The two selectors exports and analytics share: `asOf`, the graph as it stood on a day (the facts that held
// then, the entities whose validity held, the events begun by then), and `source`, the graph as one document
// tells it (the entities and facts that source cites, with their values as merged from every source). Their
// Cypher is graph/predicates/; this module reads and checks what a caller gives.
import neo4j from "neo4j-driver";

/** A caller's selectors, checked: a real day as `YYYY-MM-DD`, and a source id; null where not given. */
export interface Selectors {
  asOf: string | null;
  source: string | null;
}

/** No selector: the whole graph, every source. */
export const noSelectors: Selectors = { asOf: null, source: null };

/**
 * Why `text` is not a day (`YYYY-MM-DD`, a real calendar day), or undefined when it is one.
 *
 * @example
 * dayProblem("2022-02-30"); // "2022-02-30 is not a day of the calendar"
 */
export function dayProblem(text: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return `${JSON.stringify(text)} is not a day: write it as YYYY-MM-DD, e.g. 2022-06-15`;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return `${text} is not a day of the calendar`;
  }
  return undefined;
}

/**
 * Why `source` is not one of the graph's sources `known` (with the list, so the caller can pick one), or
 * undefined when it is.
 */
export function sourceProblem(source: string, known: readonly string[]): string | undefined {
  if (known.includes(source)) return undefined;
  return `${source}: no such source; the graph's sources are ${known.length > 0 ? known.join(", ") : "none (the graph is empty)"}`;
}

/**
 * The parameters graph/predicates/ reads: `$asOf` as a Neo4j Date (compared with the Date properties
 * `validFromDate`, `validUntilDate`, `startDate`; a string would compare as null and keep nothing), `$source`.
 */
export function selectorParameters(selectors: Selectors): { asOf: unknown; source: string | null } {
  const asOf = selectors.asOf === null ? null : selectors.asOf.split("-").map(Number);
  return {
    asOf: asOf ? new neo4j.types.Date(asOf[0] as number, asOf[1] as number, asOf[2] as number) : null,
    source: selectors.source,
  };
}
