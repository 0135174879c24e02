// checkInvariants (src/editing/invariants.ts) passes the seeded graph and names every kind of damage the
// issue found written through the old generated mutations, each done here with raw Cypher.
import { afterAll, describe, expect, it } from "vitest";
import { checkInvariants } from "../../src/editing/index.ts";
import { ensureSeeded } from "../helpers/graph.ts";
import { sharedDriver, sharedNeo4j } from "../helpers/neo4j.ts";

describe("checkInvariants", () => {
  const driver = sharedDriver();
  const database = sharedNeo4j().database;
  const removeDamage = () =>
    driver.executeQuery(`
      MATCH (n) WHERE n.id CONTAINS 'invariant-test' OR n.id = ''
      DETACH DELETE n`);

  afterAll(async () => {
    await removeDamage();
    await ensureSeeded(driver, database);
    await driver.close();
  });

  it("finds nothing wrong in the seeded graph", async () => {
    await removeDamage();
    await ensureSeeded(driver, database);
    expect(await checkInvariants(driver, database)).toEqual([]);
  });

  const damages: { name: string; cypher: string; rule: RegExp; id: string }[] = [
    {
      name: "a fact with no evidence and dangling ends",
      cypher: `CREATE (:Fact {id: 'fact:member_of:company:invariant-test:programme:invariant-test', predicate: 'MEMBER_OF',
                 subjectId: 'company:invariant-test', objectId: 'programme:invariant-test', basis: 'STATED'})`,
      rule: /every fact has at least one citation/,
      id: "fact:member_of:company:invariant-test:programme:invariant-test",
    },
    {
      name: "a node whose id belongs to another type",
      cypher: "CREATE (:Entity:Theme {id: 'company:invariant-test', name: 'Theme or company?'})",
      rule: /Entity label and one type label, and its id starts with that type's prefix/,
      id: "company:invariant-test",
    },
    {
      name: "a node without the Entity label",
      cypher: "CREATE (:Theme {id: 'theme:invariant-test', name: 'Unlabelled'})",
      rule: /Entity label and one type label/,
      id: "theme:invariant-test",
    },
    {
      name: "a direct relationship whose factId points at no fact",
      cypher: `MATCH (e:Event {id: 'event:cop-2022-06-21'}), (t:Theme {id: 'theme:hrdd'})
               CREATE (e)-[:HAS_THEME {factId: 'fact:invariant-test', basis: 'STATED'}]->(t)`,
      rule: /every direct relationship's factId resolves/,
      id: "fact:invariant-test",
    },
    {
      name: "an empty id",
      cypher: "CREATE (:Entity:Theme {id: '', name: 'Empty'})",
      rule: /every id is non-empty and well-formed/,
      id: "",
    },
    {
      name: "a fact whose citation is gone (its source deleted)",
      cypher: `MATCH (:Fact {id: 'fact:member_of:company:apple:programme:cop'})-[c:CITED_IN]->() DELETE c`,
      rule: /every fact has at least one citation/,
      id: "fact:member_of:company:apple:programme:cop",
    },
    {
      name: "an id renamed under the facts that point at it",
      cypher: "MATCH (n:Company {id: 'company:apple'}) SET n.id = 'company:apple-renamed'",
      rule: /every fact has one subject and one object, the entities of its subjectId and objectId/,
      id: "fact:member_of:company:apple:programme:cop",
    },
  ];

  for (const { name, cypher, rule, id } of damages) {
    it(`names ${name}`, async () => {
      await ensureSeeded(driver, database);
      await driver.executeQuery(cypher);
      try {
        const violations = await checkInvariants(driver, database);
        const violation = violations.find((found) => rule.test(found.rule));
        expect(violation, JSON.stringify(violations, null, 2)).toBeDefined();
        expect(violation?.ids).toContain(id);
        expect(violation?.count).toBeGreaterThan(0);
      } finally {
        // Undone by hand, or marked for the next import to write again (a cleared digest).
        await driver.executeQuery(
          "MATCH (n:Company {id: 'company:apple-renamed'}) SET n.id = 'company:apple'",
        );
        await driver.executeQuery("MATCH ()-[r {factId: 'fact:invariant-test'}]->() DELETE r");
        await driver.executeQuery("MATCH (f:Fact) SET f.importHash = null");
        await removeDamage();
      }
    });
  }
});
