import { describe, expect, it } from "vitest";
import { deriveModelRules, idPattern, modelTypeNames } from "./index.ts";

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
