import { describe, expect, it } from "vitest";
import { modelTypeNames } from "../model/index.ts";
import { GdsMissingError } from "./errors.ts";
import { projectionCypher, resolveProjection } from "./projection.ts";

describe("resolveProjection", () => {
  it("defaults to the ecosystem preset: every type, undirected, unweighted", () => {
    expect(resolveProjection()).toEqual({
      kind: "types",
      preset: "ecosystem",
      nodeTypes: [...modelTypeNames().nodeTypes],
      relationshipTypes: [...modelTypeNames().relationshipTypes],
      orientation: "UNDIRECTED",
      weighted: false,
      asOf: null,
      source: null,
    });
  });

  it("carries the caller's selectors", () => {
    expect(
      resolveProjection({ preset: "participation" }, { asOf: "2022-06-15", source: "source:a" }),
    ).toMatchObject({
      preset: "participation",
      asOf: "2022-06-15",
      source: "source:a",
    });
  });

  it("reads presets as GraphQL and the command line write them, keeping the caller's orientation", () => {
    expect(
      resolveProjection({ preset: "COMPANY_THEME", orientation: "undirected", weighted: true }),
    ).toMatchObject({
      kind: "bipartite",
      preset: "company-theme",
      nodeTypes: ["Company", "Theme"],
      orientation: "UNDIRECTED",
      weighted: true,
    });
  });

  it("spells types as the model does and drops repeats", () => {
    expect(
      resolveProjection({ nodeTypes: ["company", "Theme", "COMPANY"], relationshipTypes: ["member_of"] }),
    ).toMatchObject({
      nodeTypes: ["Company", "Theme"],
      relationshipTypes: ["MEMBER_OF"],
    });
  });

  it("names every unknown type in one error", () => {
    expect(() => resolveProjection({ nodeTypes: ["Firm", "Person"], relationshipTypes: ["LIKES"] })).toThrow(
      /^Unknown node types "Firm", "Person": choose from .* Unknown relationship type "LIKES": choose from /,
    );
  });

  it("never puts a caller's words into Cypher: types travel as parameters", () => {
    const projection = resolveProjection({ nodeTypes: ["Company"], relationshipTypes: ["MEMBER_OF"] });
    const { projectQuery, countQuery, params } = projectionCypher(projection);
    expect(params).toEqual({
      nodeTypes: ["Company"],
      relationshipTypes: ["MEMBER_OF"],
      orientation: "UNDIRECTED",
      weighted: false,
    });
    expect(projectQuery).not.toContain("Company");
    expect(countQuery).not.toContain("Company");
  });
});

it("the missing-GDS error says how to install it and that the rest still works", () => {
  expect(new GdsMissingError().message).toMatch(
    /Graph Data Science plugin .* plugins\/ folder .*NEO4J_PLUGINS=.*graph-data-science.*Everything else in btech-graph works without it\.$/,
  );
});
