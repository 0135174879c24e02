// What an analytics run may take of Neo4j's heap. GDS allocates projections and algorithm state on the heap
// outside Neo4j's transaction memory limits, and the JVM exits on OutOfMemoryError: so each run is estimated
// with GDS's own `.estimate` procedures before it allocates, and the estimates of the runs in flight must fit
// together within ANALYTICS_MAX_HEAP_PERCENT of the heap.
import { cachedServerQuery } from "../database.ts";
import { analyticsStatements } from "../model/index.ts";
import { AnalyticsBusyError, ProjectionTooLargeError } from "./errors.ts";

/**
 * What GDS 2.13's Cypher aggregation allocates up front on top of the estimate of an equal native projection
 * (which is all `gds.graph.project.estimate` can describe): measured with `gds.graph.list()`'s sizeInBytes on
 * an 81-node graph, 1.2 MiB without a relationship property and 9.4 MiB with one, at readConcurrency 1.
 */
export const cypherAggregationOverhead = { plain: 2 * 2 ** 20, withProperty: 10 * 2 ** 20 } as const;

/** Neo4j's maximum heap in bytes, as GDS reports it (cached briefly per driver). */
export const heapMaxBytes = cachedServerQuery(analyticsStatements["heap-max"], 60_000, (records) =>
  Number(records[0]?.get("value")),
);

const mebibytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/**
 * The share of Neo4j's heap that analytics may hold, and what the runs in flight have reserved of it. One
 * budget per app instance (each request of the command line has its own).
 *
 * @example
 * const release = budget.reserve(bytesMax, heapMax, "pageRank");
 * try { await run(); } finally { release(); }
 */
export class HeapBudget {
  private reserved = 0;

  constructor(readonly maxHeapPercent: number) {}

  /**
   * Reserves `bytes` until the returned function is called. Throws {@link ProjectionTooLargeError} when
   * `bytes` exceeds the whole budget (it never fits), {@link AnalyticsBusyError} when it exceeds what the
   * other runs in flight left (it may fit later).
   */
  reserve(bytes: number, heapMax: number, what: string): () => void {
    const budget = Math.floor((heapMax * this.maxHeapPercent) / 100);
    if (bytes > budget) {
      throw new ProjectionTooLargeError(
        `${what} needs an estimated ${mebibytes(bytes)} of Neo4j's heap, more than the ${mebibytes(budget)} analytics may use (ANALYTICS_MAX_HEAP_PERCENT=${this.maxHeapPercent} of a ${mebibytes(heapMax)} heap): choose a smaller projection, or give Neo4j a larger heap (NEO4J_HEAP) or analytics a larger share.`,
        { limit: "ANALYTICS_MAX_HEAP_PERCENT", maximum: budget, actual: bytes },
      );
    }
    if (this.reserved + bytes > budget) {
      throw new AnalyticsBusyError(
        `${what} needs an estimated ${mebibytes(bytes)} of Neo4j's heap, and the analytics running now hold ${mebibytes(this.reserved)} of the ${mebibytes(budget)} they may use together (ANALYTICS_MAX_HEAP_PERCENT=${this.maxHeapPercent}). Try again in a few seconds.`,
        { limit: "ANALYTICS_MAX_HEAP_PERCENT", maximum: budget, retryAfterSeconds: 5 },
      );
    }
    this.reserved += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reserved -= bytes;
    };
  }

  /** Bytes reserved by the runs in flight. */
  get inUse(): number {
    return this.reserved;
  }
}
