import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { entityPropertiesFragment } from "./entity-fragment.ts";

const model = (types: string) =>
  parse(`
    interface Entity { id: ID! name: String! sources: [Source!]! }
    type Source implements Entity @node { id: ID! name: String! title: String! sources: [Source!]! }
    ${types}
  `);

describe("entityPropertiesFragment", () => {
  it("selects a new type's own properties, and none of the interface's, relationships' or @cypher fields", () => {
    const fragment = entityPropertiesFragment(
      model(`type Venue implements Entity @node {
        id: ID! name: String! city: String
        sources: [Source!]! @relationship(type: "CITED_IN", direction: OUT)
        rank: Int @cypher(statement: "RETURN 1 AS rank", columnName: "rank")
      }`),
    );
    expect(fragment).toContain("fragment EntityProperties on Entity {\n  ... on Venue {\n    city\n  }\n}");
    expect(fragment).not.toMatch(/\bname\b|\brank\b|on Source/);
  });

  it("aliases a property whose type differs between types, and no property that agrees", () => {
    const fragment = entityPropertiesFragment(
      model(`
        type Venue implements Entity @node { id: ID! name: String! kind: String note: String }
        type Room implements Entity @node { id: ID! name: String! kind: Int note: String }
      `),
    );
    expect(fragment).toContain("Venue_kind: kind");
    expect(fragment).toContain("Room_kind: kind");
    expect(fragment).not.toContain("_note");
  });
});
