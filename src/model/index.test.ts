import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import {
  constraintStatements,
  deriveModelRules,
  entityLabels,
  fullTextIndexes,
  idConstraintStatements,
  idPattern,
  modelTypeNames,
  parseFullTextIndex,
} from "./index.ts";

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

describe("the uniqueness constraints on id", () => {
  const constraintName = (statement: string) => /^CREATE CONSTRAINT (\w+) /.exec(statement)?.[1];

  it("keep the names graph/constraints.cypher wrote by hand, so an existing database gets no duplicate", () => {
    expect(idConstraintStatements().map(constraintName)).toEqual([
      "source_id",
      "fact_id",
      "company_id",
      "representative_id",
      "expert_id",
      "organization_id",
      "theme_id",
      "event_id",
      "programme_id",
      "practice_id",
    ]);
    expect(constraintStatements).toContain(
      "CREATE CONSTRAINT company_id IF NOT EXISTS FOR (n:Company) REQUIRE n.id IS UNIQUE",
    );
    expect(constraintStatements).toContain(
      "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    );
    const names = constraintStatements.map(
      (statement) => /^CREATE (?:\w+ )?(?:CONSTRAINT|INDEX) (\w+)/.exec(statement)?.[1],
    );
    expect(new Set(names).size).toBe(names.length);
  });

  it("cover a type added to the schema, in snake case, and only @node types", () => {
    const statements = idConstraintStatements(
      parse(`
        interface Entity { id: ID! }
        type Venue implements Entity @node { id: ID! city: String }
        type MeetingRoom @node { id: ID! }
        type Pair { id: ID! }
      `),
    );
    expect(statements).toEqual([
      "CREATE CONSTRAINT venue_id IF NOT EXISTS FOR (n:Venue) REQUIRE n.id IS UNIQUE",
      "CREATE CONSTRAINT meeting_room_id IF NOT EXISTS FOR (n:MeetingRoom) REQUIRE n.id IS UNIQUE",
    ]);
  });
});

describe("the full-text index of search", () => {
  it("covers every entity type of the model, Source included, with no placeholder left", () => {
    const search = fullTextIndexes.find((index) => index.name === "entity_search");
    expect(search?.labels).toEqual(entityLabels());
    expect([...(search?.labels ?? [])].sort()).toEqual([...modelTypeNames().nodeTypes, "Source"].sort());
    expect(search?.properties).toEqual(["name", "description", "title", "label", "aliasText"]);
    for (const statement of constraintStatements) expect(statement).not.toContain("$entityTypes");
  });

  it("takes a type added to the schema, and leaves out @node types that are not entities", () => {
    const labels = entityLabels(
      parse(`
        interface Entity { id: ID! }
        type Venue implements Entity @node { id: ID! city: String }
        type Fact @node { id: ID! }
        type Pair implements Entity { id: ID! }
      `),
    );
    expect(labels).toEqual(["Venue"]);
  });

  it("reads a full-text index's name, labels and properties off its statement, and nothing off others", () => {
    expect(
      parseFullTextIndex("CREATE FULLTEXT INDEX found IF NOT EXISTS\nFOR (x:A|B) ON EACH [x.name, x.title]"),
    ).toMatchObject({ name: "found", labels: ["A", "B"], properties: ["name", "title"] });
    expect(parseFullTextIndex("CREATE INDEX plain IF NOT EXISTS FOR (n:A) ON (n.name)")).toBeUndefined();
  });
});
