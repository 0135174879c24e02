// Writing scores back onto the nodes: `pagerank` and `community`, each with the time of the run
// (`pagerankAt`, `communityAt`), so that queries and exports can use them without running GDS. Only the
// editor may do it (the GraphQL layer checks the token); one transaction per run, so a failure leaves the
// graph as it was.
import { analyticsStatements, fillPlaceholders } from "../model/index.ts";
import { AnalyticsInputError } from "./errors.ts";
import { type AnalyticsTarget, withProjection } from "./gds.ts";
import { describeProjection, type ProjectionRequest, resolveProjection } from "./projection.ts";

/** The scores that can be written back, and the node property each one writes. */
export const writableAlgorithms = ["pagerank", "community"] as const;
export type WritableAlgorithm = (typeof writableAlgorithms)[number];

export interface WriteBackResult {
  /** When the run started: the value of `pagerankAt` / `communityAt` on every node written. */
  ranAt: string;
  projection: string;
  written: { property: WritableAlgorithm; nodes: number }[];
}

const procedures: Record<WritableAlgorithm, { call: string; yield: string }> = {
  pagerank: { call: "gds.pageRank.stream", yield: "score" },
  community: { call: "gds.louvain.stream", yield: "communityId" },
};

/**
 * Runs the chosen algorithms over the projection and writes their results onto the projected nodes. Each
 * property is first removed from every entity, so after a run it is present exactly on the nodes of that
 * run, and `…At` says when that was.
 */
export async function writeBack(
  target: AnalyticsTarget,
  projectionRequest: ProjectionRequest | undefined,
  algorithms: readonly string[],
): Promise<WriteBackResult> {
  const unknown = algorithms.filter((name) => !writableAlgorithms.includes(name as WritableAlgorithm));
  if (algorithms.length === 0 || unknown.length > 0) {
    throw new AnalyticsInputError(
      `${unknown.length ? `Cannot write back ${unknown.map((name) => `"${name}"`).join(", ")}` : "Nothing to write back"}: choose from ${writableAlgorithms.join(", ")}.`,
    );
  }
  const projection = resolveProjection(projectionRequest);
  const ranAt = new Date().toISOString();
  const weight = projection.weighted ? { relationshipWeightProperty: "weight" } : {};
  return withProjection(target, projection, async (graph) => {
    for (const property of new Set(algorithms as WritableAlgorithm[])) {
      await graph.reserve(
        `Writing ${property}`,
        fillPlaceholders(analyticsStatements.estimate, { procedure: procedures[property].call }),
        { graphName: graph.name, config: weight },
      );
    }
    const written = await graph.session.executeWrite(
      async (tx) => {
        const counts: WriteBackResult["written"] = [];
        for (const property of new Set(algorithms as WritableAlgorithm[])) {
          const { call, yield: column } = procedures[property];
          // The property names are from the table above, never from the caller.
          await tx.run(fillPlaceholders(analyticsStatements["writeback-clear"], { property }));
          const result = await tx.run(
            fillPlaceholders(analyticsStatements.writeback, { procedure: call, column, property }),
            { graphName: graph.name, config: weight, ranAt },
          );
          counts.push({ property, nodes: Number(result.records[0]?.get("nodes") ?? 0) });
        }
        return counts;
      },
      { timeout: target.limits.timeoutMs, metadata: { app: "btech-graph analytics write-back" } },
    );
    return { ranAt, projection: describeProjection(projection), written };
  });
}
