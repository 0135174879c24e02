// Running GDS for one request: check the plugin is there, project the chosen part of the graph under a
// name no other request uses, run, and drop the projection whatever happens.
import { randomUUID } from "node:crypto";
import neo4j, { type Driver, type Session } from "neo4j-driver";
import type { AnalyticsSettings } from "../config.ts";
import { cachedServerQuery, metadataQuery } from "../database.ts";
import { analyticsStatements, selectorStatements, withoutSelectors } from "../model/index.ts";
import { selectorParameters, sourceProblem } from "../selectors.ts";
import { AnalyticsInputError, GdsMissingError, ProjectionTooLargeError } from "./errors.ts";
import { cypherAggregationOverhead, HeapBudget, heapMaxBytes } from "./memory.ts";
import { type Projection, projectionCypher } from "./projection.ts";

/** How big, how long and how memory-hungry one analytics request may be (ANALYTICS_* in src/config.ts). */
export type AnalyticsLimits = Pick<
  AnalyticsSettings,
  "maxNodes" | "maxRelationships" | "timeoutMs" | "maxHeapPercent"
>;

/** Where an algorithm runs and how it reports progress. */
export interface AnalyticsTarget {
  driver: Driver;
  database: string;
  limits: AnalyticsLimits;
  /**
   * The heap budget shared by the runs of one app instance; without it, the run has a budget of its own
   * (the command line runs one at a time).
   */
  heapBudget?: HeapBudget;
  /** Called with lines such as "pageRank: 40%" during long runs (the command line prints them). */
  onProgress?: (line: string) => void;
}

/** A projection loaded into the GDS catalog for the length of one request. */
export interface ProjectedGraph {
  name: string;
  nodeCount: number;
  relationshipCount: number;
  projection: Projection;
  /** The session every step of the request runs in, so that all of them reach the same server. */
  session: Session;
  /** Runs a query in the request's session with its timeout and returns plain records. */
  run(query: string, params?: Record<string, unknown>): Promise<Record<string, unknown>[]>;
  /**
   * Runs an algorithm call, reporting its progress while it runs when a listener is set. `estimateQuery`
   * (a Cypher call of the algorithm's `.estimate` that returns `bytesMax`, run with the same parameters)
   * reserves the algorithm's memory first, and refuses the call when it does not fit.
   */
  runAlgorithm(
    label: string,
    query: string,
    params: Record<string, unknown>,
    estimateQuery?: string,
  ): Promise<Record<string, unknown>[]>;
  /** Reserves the memory `estimateQuery` reports for `label` until the returned function is called. */
  reserve(label: string, estimateQuery: string, params: Record<string, unknown>): Promise<() => void>;
}

/** Every projection this app makes starts with this, so leftovers (a killed process) are recognisable. */
export const projectionPrefix = "btech-analytics-";

/** Whether the server answers GDS procedures (cached briefly per driver: one check per request is waste). */
export const hasGds = cachedServerQuery(
  analyticsStatements["has-gds"],
  30_000,
  (records) => records[0]?.get("present") === true,
);

/** Throws {@link GdsMissingError} unless the server has GDS. */
export async function assertGds(driver: Driver, database: string): Promise<void> {
  if (!(await hasGds(driver, database))) throw new GdsMissingError();
}

/** Throws {@link AnalyticsInputError} unless `source` (when given) is the id of one of the graph's sources. */
export async function assertSource(target: AnalyticsTarget, source: string | null): Promise<void> {
  if (source === null) return;
  const { records } = await target.driver.executeQuery(
    selectorStatements["source-ids"],
    {},
    {
      database: target.database,
      routing: neo4j.routing.READ,
      transactionConfig: { timeout: target.limits.timeoutMs },
    },
  );
  const problem = sourceProblem(
    source,
    records.map((record) => String(record.get("id"))),
  );
  if (problem) throw new AnalyticsInputError(`source=${problem}.`);
}

/**
 * Projects `projection`, hands it to `work`, and drops it afterwards, on success and on error alike. The
 * node count is checked against the limit before anything is loaded, the relationship count right after;
 * the projection's estimated memory is reserved in the heap budget before it is loaded, and held until it
 * is dropped. A `source` selector must name a source of the graph. Every statement of the run gets the
 * projection's selectors as `$asOf` and `$source` (graph/predicates/).
 */
export async function withProjection<T>(
  target: AnalyticsTarget,
  projection: Projection,
  work: (graph: ProjectedGraph) => Promise<T>,
): Promise<T> {
  const { driver, database, limits, onProgress } = target;
  const budget = target.heapBudget ?? new HeapBudget(limits.maxHeapPercent);
  await assertGds(driver, database);
  const { countQuery, projectQuery, params } = projectionCypher(projection);
  const session = driver.session({ database, defaultAccessMode: neo4j.session.WRITE });
  const name = `${projectionPrefix}${randomUUID()}`;
  const selectors = selectorParameters(projection);
  const selecting = projection.asOf !== null || projection.source !== null;
  const run = async (query: string, queryParams: Record<string, unknown> = {}) => {
    const result = await session.run(
      selecting ? query : withoutSelectors(query),
      { ...withIntegers(queryParams), ...selectors },
      { timeout: limits.timeoutMs },
    );
    return result.records.map((record) => record.toObject());
  };
  let projected = false;
  const releases: (() => void)[] = [];
  /** Reserves `bytes` of the heap budget for `label`, until the returned function or the end of the request. */
  const reserveBytes = async (label: string, bytes: number) => {
    const release = budget.reserve(bytes, await heapMaxBytes(driver, database), label);
    releases.push(release);
    return release;
  };
  const reserve = async (label: string, estimateQuery: string, queryParams: Record<string, unknown>) => {
    const [estimate] = await run(estimateQuery, queryParams);
    return reserveBytes(label, Number(estimate?.bytesMax ?? 0));
  };
  try {
    await assertSource(target, projection.source);
    const nodes = Number((await run(countQuery, params))[0]?.nodes ?? 0);
    if (nodes > limits.maxNodes) {
      throw new ProjectionTooLargeError(
        `The projection would hold ${nodes.toLocaleString("en")} nodes, more than the limit of ${limits.maxNodes.toLocaleString("en")} (ANALYTICS_MAX_NODES): choose fewer node types or a narrower preset, or raise ANALYTICS_MAX_NODES.`,
        { limit: "ANALYTICS_MAX_NODES", maximum: limits.maxNodes, actual: nodes },
      );
    }
    const relationshipBound = await relationshipUpperBound(run, projection, limits);
    const [estimate] = await run(analyticsStatements["projection-estimate"], {
      nodeCount: nodes,
      relationshipCount: relationshipBound,
    });
    const overhead = projection.weighted
      ? cypherAggregationOverhead.withProperty
      : cypherAggregationOverhead.plain;
    await reserveBytes(
      `The projection (${nodes.toLocaleString("en")} nodes, up to ${relationshipBound.toLocaleString("en")} relationships)`,
      Number(estimate?.bytesMax ?? 0) + overhead,
    );
    onProgress?.(`Projecting ${nodes.toLocaleString("en")} nodes…`);
    projected = true;
    const [row] = await run(projectQuery, { ...params, graphName: name });
    const graph: ProjectedGraph = {
      name,
      nodeCount: Number(row?.nodeCount ?? 0),
      relationshipCount: Number(row?.relationshipCount ?? 0),
      projection,
      session,
      run,
      reserve,
      runAlgorithm: async (label, query, queryParams, estimateQuery) => {
        const release = estimateQuery ? await reserve(label, estimateQuery, queryParams) : () => {};
        try {
          return await withProgress(driver, database, label, onProgress, (jobId) =>
            run(query, {
              ...queryParams,
              jobId,
              ...(isRecord(queryParams.config) ? { config: { ...queryParams.config, jobId } } : {}),
            }),
          );
        } finally {
          release();
        }
      },
    };
    if (graph.relationshipCount > limits.maxRelationships) {
      throw new ProjectionTooLargeError(
        `The projection holds ${graph.relationshipCount.toLocaleString("en")} relationships, more than the limit of ${limits.maxRelationships.toLocaleString("en")} (ANALYTICS_MAX_RELATIONSHIPS): choose fewer relationship types or a narrower preset, or raise ANALYTICS_MAX_RELATIONSHIPS.`,
        {
          limit: "ANALYTICS_MAX_RELATIONSHIPS",
          maximum: limits.maxRelationships,
          actual: graph.relationshipCount,
        },
      );
    }
    onProgress?.(
      `Projected ${graph.nodeCount.toLocaleString("en")} nodes and ${graph.relationshipCount.toLocaleString("en")} relationships.`,
    );
    return await work(graph);
  } finally {
    // Dropped in a session of its own: the request's session may be broken by the error that got us here.
    try {
      if (projected) await dropProjection(driver, database, name);
      await session.close();
    } finally {
      for (const release of releases) release();
    }
  }
}

/**
 * The most relationships a projection can load, before loading it: for stored relationship types, their
 * number in Neo4j's count store (twice for an undirected projection, which stores each link both ways);
 * for a derived (bipartite) projection, the most the limit lets through.
 */
async function relationshipUpperBound(
  run: (query: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>[]>,
  projection: Projection,
  limits: AnalyticsLimits,
): Promise<number> {
  if (projection.kind !== "types") return limits.maxRelationships;
  const [row] = await run(analyticsStatements["relationship-type-counts"]);
  const counts = (row?.relTypesCount ?? {}) as Record<string, number>;
  const stored = projection.relationshipTypes.reduce((sum, type) => sum + Number(counts[type] ?? 0), 0);
  return projection.orientation === "UNDIRECTED" ? 2 * stored : stored;
}

async function dropProjection(driver: Driver, database: string, name: string): Promise<void> {
  await driver.executeQuery(analyticsStatements["projection-drop"], { name }, { database, ...metadataQuery });
}

/**
 * Runs `call` with a fresh GDS job id; while it runs, polls gds.listProgress for that job every half second
 * and reports each new percentage. Without a listener, it only runs the call.
 */
async function withProgress<T>(
  driver: Driver,
  database: string,
  label: string,
  onProgress: ((line: string) => void) | undefined,
  call: (jobId: string) => Promise<T>,
): Promise<T> {
  const jobId = randomUUID();
  if (!onProgress) return call(jobId);
  const started = Date.now();
  onProgress(`${label}: running…`);
  let last = "";
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  let polling = true;
  const poll = (async () => {
    while (polling) {
      await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 500).unref())]);
      if (!polling) break;
      try {
        const { records } = await driver.executeQuery(
          analyticsStatements.progress,
          { jobId },
          { database, ...metadataQuery },
        );
        const progress = records[0]?.get("progress") as string | undefined;
        if (progress && progress !== last && progress !== "n/a") {
          last = progress;
          onProgress(`${label}: ${progress}`);
        }
      } catch {
        // Progress is a courtesy: a failed poll never fails the run.
      }
    }
  })();
  try {
    return await call(jobId);
  } finally {
    polling = false;
    stop();
    await poll;
    onProgress(`${label}: done in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Parameters GDS and Cypher want as integers; JavaScript numbers travel as floats unless told otherwise. */
const integerKeys = new Set([
  "limit",
  "maxIterations",
  "maxLevels",
  "topK",
  "degreeCutoff",
  "samplingSize",
  "samplingSeed",
  "nodeCount",
  "relationshipCount",
]);

function withIntegers(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => [
      key,
      integerKeys.has(key) && typeof value === "number"
        ? neo4j.int(value)
        : isRecord(value)
          ? withIntegers(value)
          : value,
    ]),
  );
}
