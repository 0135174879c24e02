// The same run on the same graph gives the same answer, so it is computed once: an answer is reused while the
// graph is unchanged (for at most ANALYTICS_CACHE_SECONDS), and identical requests that arrive together share
// one computation. "Unchanged" is judged by a version read at every request: the number of writes this app
// committed, and Neo4j's count store (nodes per label, relationships per type), which an import by another
// process (`npm run seed`) also changes. Community edition exposes no transaction id to read instead; an
// edit by another process that changes only properties shows once the answer expires.
import { InMemoryLRUCache } from "@apollo/utils.keyvaluecache";
import neo4j, { type Driver } from "neo4j-driver";
import { metadataQuery } from "../database.ts";
import { analyticsStatements } from "../model/index.ts";

/** Bytes of answers kept at most; the least recently used go first. */
const cacheBytes = 16 * 1024 * 1024;

/** A value as JSON with object keys sorted, so that equal arguments give equal keys in any order. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * Answers of analytics runs, per app instance, keyed by field, arguments and graph version.
 *
 * @example
 * const reuse = new AnalyticsReuse(300);
 * const answer = await reuse.answer(driver, "neo4j", "pageRank", args, () => pageRank(target, projection, options));
 */
export class AnalyticsReuse {
  private readonly answers = new InMemoryLRUCache<object>({ maxSize: cacheBytes });
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private committedWrites = 0;

  /** @param seconds how long an answer may be reused (0: never; identical concurrent requests still share one run). */
  constructor(readonly seconds: number) {}

  /** Marks the graph as changed by this app (a committed mutation): no answer computed before is reused. */
  graphChanged(): void {
    this.committedWrites += 1;
  }

  /** The answer of `compute` for `field` with `args` on the graph as it is now, computed at most once. */
  async answer<T extends object>(
    driver: Driver,
    database: string,
    field: string,
    args: Record<string, unknown>,
    compute: () => Promise<T>,
  ): Promise<T> {
    const version = await this.graphVersion(driver, database);
    if (version === null) return compute();
    const key = `${field}:${stableJson(args)}@${version}`;
    const cached = this.seconds > 0 ? await this.answers.get(key) : undefined;
    if (cached) return cached as T;
    const running = this.inFlight.get(key);
    if (running) return running as Promise<T>;
    const computation = compute()
      .then(async (result) => {
        if (this.seconds > 0) await this.answers.set(key, result, { ttl: this.seconds });
        return result;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, computation);
    return computation;
  }

  /** The app's write count and Neo4j's counts, or null when the counts cannot be read (no reuse then). */
  private async graphVersion(driver: Driver, database: string): Promise<string | null> {
    const writes = this.committedWrites;
    try {
      const { records } = await driver.executeQuery(
        analyticsStatements["graph-version"],
        {},
        { database, routing: neo4j.routing.READ, ...metadataQuery },
      );
      const counts = records[0]?.toObject();
      return counts ? `${writes}:${stableJson(counts)}` : null;
    } catch {
      return null;
    }
  }
}
