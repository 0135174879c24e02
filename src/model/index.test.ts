import { describe, expect, it } from "vitest";
import { constraintStatements, deriveModelRules, idPattern, modelTypeNames } from "./index.ts";

describe("the model's type names", () => {
  it("are the importer's entity types, and a Predicate enum that lists every relationship type declared", () => {
    const rules = deriveModelRules();
    const { nodeTypes, relationshipTypes } = modelTypeNames();
    expect(nodeTypes).toEqual([...rules.entityTypes.keys()]);
    expect([...relationshipTypes].sort()).toEqual([...rules.predicates.keys()].sort());
    expect(nodeTypes).toContain("Company");
    expect(nodeTypes).not.toContain("Source");
  });
});

describe("idPattern", () => {
  it("accepts <type>:<slug> and nothing else", () => {
    expect(idPattern.test("company:telefonica")).toBe(true);
    expect(idPattern.test("event:cop-q2-session-1")).toBe(true);
    for (const bad of [
      "Company:telefonica",
      "company:",
      "company:-x",
      "company:a b",
      "telefonica",
      "a:b:c",
    ]) {
      expect(idPattern.test(bad), bad).toBe(false);
    }
  });
});

describe("constraintStatements", () => {
  it("are graph/constraints.cypher's statements, one each, without comments or semicolons", () => {
    expect(constraintStatements.length).toBeGreaterThan(10);
    for (const statement of constraintStatements) {
      expect(statement).toMatch(/^CREATE (FULLTEXT )?(CONSTRAINT|INDEX) \w+ IF NOT EXISTS\b/);
      expect(statement).not.toMatch(/;|^\s*\/\//m);
    }
    const search = constraintStatements.find((statement) => statement.includes("entity_search"));
    expect(search).toContain("OPTIONS { indexConfig:");
  });
});
