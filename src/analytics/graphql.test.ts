import { type GraphQLError, Kind, parse } from "graphql";
import { Neo4jError } from "neo4j-driver";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AnalyticsSettings } from "../config.ts";
import { asGraphQLError, resolvers, typeDefs } from "./graphql.ts";
import { orientations, presets } from "./projection.ts";
import { writableAlgorithms } from "./writeback.ts";

/** The values of each enum of graph/analytics.graphql. */
const enums = new Map(
  parse(typeDefs).definitions.flatMap((definition) =>
    definition.kind === Kind.ENUM_TYPE_DEFINITION
      ? [[definition.name.value, (definition.values ?? []).map((value) => value.name.value)] as const]
      : [],
  ),
);
const enumName = (key: string) => key.toUpperCase().replaceAll("-", "_");

describe("graph/analytics.graphql's enums", () => {
  it("list exactly the presets, orientations and writable scores the resolvers accept", () => {
    expect(enums.get("AnalyticsPreset")).toEqual(Object.keys(presets).map(enumName));
    expect(enums.get("AnalyticsBipartitePreset")).toEqual(
      Object.entries(presets)
        .filter(([, preset]) => preset.kind === "bipartite")
        .map(([key]) => enumName(key)),
    );
    expect(enums.get("AnalyticsOrientation")).toEqual([...orientations]);
    expect(enums.get("AnalyticsWriteProperty")).toEqual(writableAlgorithms.map(enumName));
  });
});

describe("a caller of the bare schema, without the app's analytics runtime", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("gets the default limits, not ones read from the environment", async () => {
    vi.stubEnv("ANALYTICS_TIMEOUT_MS", "not a number");
    // With no driver in the context the resolver stops at the driver, after choosing its limits: an
    // environment read would have failed first, naming ANALYTICS_TIMEOUT_MS.
    await expect(resolvers.Query.pageRank({}, {}, {}, { fieldName: "pageRank" })).rejects.toThrow(
      /^Analytics needs the Neo4j driver/,
    );
  });
});

describe("a run Neo4j or GDS stops", () => {
  const settings: AnalyticsSettings = {
    maxNodes: 100_000,
    maxRelationships: 1_000_000,
    timeoutMs: 3_000,
    maxHeapPercent: 30,
    concurrency: 2,
    queue: 8,
    cacheSeconds: 0,
  };
  // The messages as Neo4j 5.26 with GDS 2.13 sent them (30 Nov): a 100k graph's Louvain given a 2 s timeout,
  // and GDS's memory guard's message as its classes hold it.
  const procedureFailure = (cause: string) =>
    new Neo4jError(
      `Failed to invoke procedure \`gds.louvain.mutate\`: Caused by: ${cause}`,
      "Neo.ClientError.Procedure.ProcedureCallFailed",
      "50N42",
      "",
    );
  const codeOf = (error: unknown) => (error as GraphQLError).extensions?.code;

  it("inside an algorithm, at the timeout, is a TIMEOUT naming ANALYTICS_TIMEOUT_MS", () => {
    const error = asGraphQLError(
      procedureFailure("org.neo4j.gds.termination.TerminatedException: The execution has been terminated."),
      settings,
    );
    expect(codeOf(error)).toBe("TIMEOUT");
    expect((error as GraphQLError).extensions?.limit).toBe("ANALYTICS_TIMEOUT_MS");
  });

  it("at GDS's memory guard is a TOO_MANY_REQUESTS with a time to retry", () => {
    const error = asGraphQLError(
      procedureFailure(
        "org.neo4j.gds.mem.MemoryReservationExceededException: Memory required to run Louvain (123456b) exceeds available memory (1024b)",
      ),
      settings,
    );
    expect(codeOf(error)).toBe("TOO_MANY_REQUESTS");
    expect((error as GraphQLError).extensions?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("for any other cause stays the error it is (masked by the API as internal)", () => {
    const failure = procedureFailure("java.lang.IllegalStateException: something else");
    expect(asGraphQLError(failure, settings)).toBe(failure);
  });
});
