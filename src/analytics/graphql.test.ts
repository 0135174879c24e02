import { Kind, parse } from "graphql";
import { afterEach, describe, expect, it, vi } from "vitest";
import { resolvers, typeDefs } from "./graphql.ts";
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
