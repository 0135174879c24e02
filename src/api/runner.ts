// @neo4j/graphql runs each statement in a managed transaction (`executeRead`/`executeWrite`): BEGIN, RUN and
// PULL, then COMMIT, three writes to the socket and two round trips for what is one statement. Given an
// execution context that is neither a driver nor a session, it calls the context's `run` instead; this one
// runs the statement as an auto-commit transaction (one write, one round trip), with the same database,
// bookmarks, timeout and metadata. Measured on this machine: about 1 ms less per request (BENCHMARKS.md).
import neo4j, { type Driver, type QueryResult } from "neo4j-driver";

/**
 * How a request's statements reach Neo4j, with one access mode: the app builds a read runner and a write
 * runner once and hands a mutation the write one (app.ts).
 */
export class AutoCommitRunner {
  constructor(
    /** The driver, for resolvers that open sessions of their own (analytics). */
    readonly driver: Driver,
    private readonly database: string,
    private readonly timeoutMs: number,
    private readonly mode: "READ" | "WRITE",
  ) {}

  /** Runs one statement in its own auto-commit transaction and returns its records and summary. */
  async run(query: string, parameters?: Record<string, unknown>): Promise<QueryResult> {
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: this.mode === "WRITE" ? neo4j.session.WRITE : neo4j.session.READ,
      // As @neo4j/graphql's own sessions: a read after a write through this app sees it, on a cluster too.
      bookmarkManager: this.driver.executeQueryBookmarkManager,
    });
    try {
      return await session.run(query, parameters, {
        timeout: this.timeoutMs,
        metadata: { app: "btech-graph" },
      });
    } finally {
      await session.close();
    }
  }
}
