import { type FieldDefinitionNode, Kind, parse, print, valueFromASTUntyped } from "graphql";
import { describe, expect, it } from "vitest";
import { analyticsTypeDefs } from "../model/index.ts";
import { AnalyticsInputError } from "./errors.ts";
import { type AlgorithmSpec, algorithmNames, algorithms, type OptionSpec, parseOptions } from "./registry.ts";

/** The Query fields of graph/analytics.graphql by name. */
const queryFields = new Map<string, FieldDefinitionNode>(
  parse(analyticsTypeDefs).definitions.flatMap((definition) =>
    definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.name.value === "Query"
      ? (definition.fields ?? []).map((field) => [field.name.value, field] as const)
      : [],
  ),
);

const sdlType: Record<OptionSpec["kind"], string> = {
  int: "Int",
  float: "Float",
  id: "ID",
  types: "[String!]",
  date: "Date",
  source: "ID",
};
const whatItRunsOn: Record<AlgorithmSpec["runsOn"], [string, string]> = {
  projection: ["projection", "AnalyticsProjection"],
  bipartitePreset: ["preset", "AnalyticsBipartitePreset!"],
};

/** What the SDL should declare for each argument of `name`'s field, as `argument: Type = default`. */
function expectedArguments(name: keyof typeof algorithms): string[] {
  const spec: AlgorithmSpec = algorithms[name];
  const [graphArgument, graphType] = whatItRunsOn[spec.runsOn];
  return [
    `${graphArgument}: ${graphType}`,
    ...Object.entries(spec.options).map(([option, details]) => {
      const type = `${sdlType[details.kind]}${details.kind === "id" && details.required ? "!" : ""}`;
      return `${option}: ${type}`;
    }),
  ].sort();
}

/** The arguments the SDL declares, in the same form; a default value would be printed as ` = value`. */
function declaredArguments(field: FieldDefinitionNode): string[] {
  return (field.arguments ?? [])
    .map(
      (argument) =>
        `${argument.name.value}: ${print(argument.type)}${argument.defaultValue ? ` = ${JSON.stringify(valueFromASTUntyped(argument.defaultValue))}` : ""}`,
    )
    .sort();
}

describe("graph/analytics.graphql agrees with the registry", () => {
  it("has one Query field per algorithm, named as the algorithm, and no other", () => {
    expect([...queryFields.keys()].sort()).toEqual([...algorithmNames].sort());
  });

  it.each(algorithmNames)(
    "%s: the field's arguments are the registry's options, with their types",
    (name) => {
      const field = queryFields.get(name);
      expect(field, `graph/analytics.graphql has no Query field ${name}`).toBeDefined();
      // Defaults live in the registry alone: an SDL default would be a second copy that could drift.
      expect(declaredArguments(field as FieldDefinitionNode)).toEqual(expectedArguments(name));
    },
  );
});

describe("parseOptions", () => {
  it("fills in the registry's defaults and treats null (an absent GraphQL argument) as absent", () => {
    expect(parseOptions("pageRank", { dampingFactor: null, limit: 3 })).toEqual({
      limit: 3,
      dampingFactor: algorithms.pageRank.options.dampingFactor.default,
      maxIterations: algorithms.pageRank.options.maxIterations.default,
      tolerance: algorithms.pageRank.options.tolerance.default,
    });
  });

  it("refuses unknown options and bad values together, naming what the algorithm knows", () => {
    expect(() => parseOptions("louvainCommunities", { maxLevels: 1.5, seed: 3 })).toThrow(
      AnalyticsInputError,
    );
    expect(() => parseOptions("louvainCommunities", { maxLevels: 1.5, seed: 3 })).toThrow(
      /^Invalid options for louvainCommunities: maxLevels: .*; unknown option "seed" \(louvainCommunities knows asOf, source, maxLevels, maxIterations, tolerance\)\.$/,
    );
  });

  it("holds each bound of the registry: inclusive min/max, exclusive above/below, required ids", () => {
    expect(parseOptions("pageRank", { dampingFactor: 0 }).dampingFactor).toBe(0);
    expect(() => parseOptions("pageRank", { dampingFactor: 1 })).toThrow(/dampingFactor: .*<1/);
    expect(() => parseOptions("pageRank", { tolerance: 0 })).toThrow(/tolerance: .*>0/);
    expect(parseOptions("pageRank", { tolerance: 1 }).tolerance).toBe(1);
    expect(() => parseOptions("degreeCentrality", { limit: 10_001 })).toThrow(/limit: .*10000/);
    expect(() => parseOptions("degreeCentrality", { limit: 2.5 })).toThrow(/limit: /);
    expect(() => parseOptions("degreeCentrality", { types: [] })).toThrow(/types: /);
    expect(parseOptions("betweennessCentrality", {}).samplingSize).toBeUndefined();
    expect(() => parseOptions("shortestPath", { from: "company:a" })).toThrow(/to: /);
    expect(parseOptions("pageRank", { asOf: "2022-06-15" }).asOf).toBe("2022-06-15");
    expect(() => parseOptions("pageRank", { asOf: "2022-02-30" })).toThrow(
      /asOf: 2022-02-30 is not a day of the calendar/,
    );
    expect(() => parseOptions("pageRank", { asOf: "June 2022" })).toThrow(
      /asOf: "June 2022" is not a day: write it as YYYY-MM-DD/,
    );
    expect(() => parseOptions("connectedComponents", { limit: 3 })).toThrow(
      /unknown option "limit" \(connectedComponents knows asOf, source\)/,
    );
  });
});
