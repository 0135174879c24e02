// The errors analytics raises on purpose. Each says what was wrong and what to do next; the GraphQL layer
// maps them to error codes and the command line prints their message alone.

/** The caller asked for something invalid: an unknown type, option or id, a value out of range. */
export class AnalyticsInputError extends Error {
  override name = "AnalyticsInputError";
}

/** The longest value an error message quotes; longer ones are described by their length, not echoed. */
const maxQuoted = 200;

/** A caller's value as an error message shows it: quoted, or "of N characters" when too long to echo. */
export function quoted(value: string): string {
  return value.length <= maxQuoted ? `"${value}"` : `of ${value.length} characters`;
}

/**
 * The projection the caller chose, or the memory its run needs, is more than a configured limit allows (the
 * same request would be refused again).
 */
export class ProjectionTooLargeError extends Error {
  override name = "ProjectionTooLargeError";
  constructor(
    message: string,
    /** The variable that sets the limit, the limit, and what the projection holds. */
    readonly details: { limit: string; maximum: number; actual: number },
  ) {
    super(message);
  }
}

/**
 * The server is busy with other analytics (slots, queue or heap budget taken): the same request may succeed
 * later, after `retryAfterSeconds`.
 */
export class AnalyticsBusyError extends Error {
  override name = "AnalyticsBusyError";
  constructor(
    message: string,
    /** The variable that sets the bound that was hit, the bound, and when to try again. */
    readonly details: { limit: string; maximum: number; retryAfterSeconds: number },
  ) {
    super(message);
  }
}

/** The Neo4j server has no Graph Data Science plugin, so no algorithm can run. */
export class GdsMissingError extends Error {
  override name = "GdsMissingError";
  constructor() {
    super(
      "Graph analytics need the Neo4j Graph Data Science plugin (GDS 2.13 or later), which this Neo4j does not have. " +
        "Install it and restart Neo4j: put the GDS jar (neo4j-graph-data-science-2.13.x.jar from " +
        "https://neo4j.com/deployment-center/) in the server's plugins/ folder and allow it with " +
        'dbms.security.procedures.unrestricted=gds.*; in Docker, set NEO4J_PLUGINS=\'["apoc", "graph-data-science"]\'. ' +
        "The local Neo4j that `npm start` runs has it already. Everything else in btech-graph works without it.",
    );
  }
}
