// The editing API (graph/editing.graphql, src/editing/) through the real app, with a real editor token: every
// write that would break an invariant is refused with a specific error and leaves the graph as it was; good
// writes land with complete labels and show in neighbourhood, search and exports; a request is one transaction.
import type { Driver } from "neo4j-driver";
import { describe, expect, it } from "vitest";
import { mintToken } from "../../src/api/token.ts";
import { type ApiSettings, loadConfig } from "../../src/config.ts";
import { checkInvariants } from "../../src/editing/index.ts";
import { ensureSeeded, graphChecksum, removeTestEdits } from "../helpers/graph.ts";
import { postGraphQL, serveAppForSuite } from "../helpers/http.ts";
import { sharedNeo4j } from "../helpers/neo4j.ts";

const secret = "test-secret-of-at-least-32-characters!!";
const api: ApiSettings = loadConfig({ JWT_SECRET: secret }).api;
const review = "source:btech-cop-2022-year-end-review";
/** Everything these tests write has an id with `edit-test` in it, or cites this source. */
const testSource = "source:edit-test-notes";

const summaryFields = "{ created updated unchanged }";
const upsertSources = `mutation S($input: [SourceInput!]!) { upsertSources(input: $input) ${summaryFields} }`;
const upsertEntities = `mutation E($input: [EntityInput!]!) { upsertEntities(input: $input) ${summaryFields} }`;
const assertFacts = `mutation F($input: [FactInput!]!) { assertFacts(input: $input) ${summaryFields} }`;
const retract = `mutation R($input: [CitationRetraction!]!) {
  retractCitations(input: $input) { citationsRemoved factsRemoved }
}`;

const citation = (quote: string, extra: Record<string, unknown> = {}) => ({
  source: testSource,
  section: "NOTES",
  quote,
  ...extra,
});

const removeTestRecords = (driver: Driver) =>
  removeTestEdits(driver, { source: testSource, idsContaining: "edit-test" });

describe("the editing API", () => {
  const server = serveAppForSuite({
    api,
    before: async (driver) => {
      await ensureSeeded(driver, sharedNeo4j().database);
      await removeTestRecords(driver);
    },
    after: removeTestRecords,
  });
  const { driver } = server;
  let editor: Record<string, string>;

  const edit = async (query: string, variables: Record<string, unknown> = {}) => {
    editor ??= { authorization: `Bearer ${await mintToken(secret, { roles: ["editor"] })}` };
    return postGraphQL(server.url, query, variables, editor);
  };

  /** Sends a write that must be refused: the graph's digest is the same after, and the error is returned. */
  const refused = async (query: string, variables: Record<string, unknown> = {}) => {
    const before = await graphChecksum(driver);
    const { status, body } = await edit(query, variables);
    expect(await graphChecksum(driver)).toBe(before);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.length).toBeGreaterThan(0);
    return { status, error: body.errors?.[0] };
  };

  const addTestSource = async () => {
    const { body } = await edit(upsertSources, {
      input: [{ id: testSource, title: "Edit test notes", year: 2022 }],
    });
    expect(body.errors).toBeUndefined();
  };

  it("has no generated create, update or delete mutation left", async () => {
    for (const mutation of [
      'mutation { createFacts(input: [{ id: "fact:x", predicate: MEMBER_OF, subjectId: "company:nowhere", objectId: "programme:nowhere", basis: STATED }]) { facts { id } } }',
      'mutation { createThemes(input: [{ id: "company:apple", name: "Apple the theme" }]) { themes { id } } }',
      'mutation { updateCompanies(where: { id: { eq: "company:apple" } }, update: { id: { set: "company:renamed" } }) { companies { id } } }',
      `mutation { deleteSources(where: { id: { eq: "${review}" } }) { nodesDeleted } }`,
      'mutation { updateEvents(update: { themes: [{ connect: [{ edge: { factId: "fact:none", basis: STATED } }] }] }) { events { id } } }',
    ]) {
      const { status, error } = await refused(mutation);
      expect(status).toBe(400);
      expect(error?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
      expect(error?.message).toMatch(/Cannot query field "(create|update|delete)\w+" on type "Mutation"/);
    }
  });

  it("writes nothing for an anonymous caller", async () => {
    const before = await graphChecksum(driver);
    const { status, body } = await postGraphQL(server.url, upsertSources, {
      input: [{ id: "source:edit-test-anonymous", title: "Anonymous" }],
    });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(await graphChecksum(driver)).toBe(before);
  });

  it("lands good writes with complete labels, visible through neighbourhood, search and exports", async () => {
    await addTestSource();
    const entities = await edit(upsertEntities, {
      input: [
        {
          id: "theme:edit-test-remedy",
          name: "Remedy edit test",
          aliases: ["Remedy probe"],
          evidence: [citation("remedy was discussed")],
        },
      ],
    });
    expect(entities.body).toEqual({
      data: { upsertEntities: { created: ["theme:edit-test-remedy"], updated: [], unchanged: [] } },
    });
    const facts = await edit(assertFacts, {
      input: [
        {
          predicate: "HAS_THEME",
          subject: "event:cop-2022-06-21",
          object: "theme:edit-test-remedy",
          evidence: [citation("the session touched on remedy", { basis: "INFERRED", reason: "a test" })],
        },
      ],
    });
    const factId = "fact:has_theme:event:cop-2022-06-21:theme:edit-test-remedy";
    expect(facts.body).toEqual({ data: { assertFacts: { created: [factId], updated: [], unchanged: [] } } });

    const { records } = await driver.executeQuery(
      `MATCH (t {id: 'theme:edit-test-remedy'})
       MATCH (f:Fact {id: $factId})-[c:CITED_IN]->(s:Source)
       MATCH (:Event {id: 'event:cop-2022-06-21'})-[r:HAS_THEME]->(t)
       RETURN labels(t) AS labels, t.aliasText AS aliasText, f.basis AS basis, c.reason AS reason,
              s.id AS source, r.factId AS link`,
      { factId },
    );
    expect(records.map((record) => record.toObject())).toEqual([
      {
        labels: expect.arrayContaining(["Entity", "Theme"]),
        aliasText: "Remedy probe",
        basis: "INFERRED",
        reason: "a test",
        source: testSource,
        link: factId,
      },
    ]);

    const neighbourhood = await postGraphQL(
      server.url,
      "query N($id: ID!) { neighbourhood(id: $id) { center { id type } relationships { type from to factId } } }",
      { id: "theme:edit-test-remedy" },
    );
    expect(neighbourhood.body.data.neighbourhood.center).toEqual({
      id: "theme:edit-test-remedy",
      type: "Theme",
    });
    expect(neighbourhood.body.data.neighbourhood.relationships).toContainEqual({
      type: "HAS_THEME",
      from: "event:cop-2022-06-21",
      to: "theme:edit-test-remedy",
      factId,
    });

    const search = await postGraphQL(
      server.url,
      '{ search(phrase: "remedy edit test", limit: 3) { id type } }',
    );
    expect(search.body.data.search[0]).toEqual({ id: "theme:edit-test-remedy", type: "Theme" });

    const exported = await fetch(`${server.url}/export/d3?node=theme:edit-test-remedy&depth=1`);
    expect(exported.status).toBe(200);
    const graph = (await exported.json()) as { nodes: { id: string }[]; links: { id: string }[] };
    expect(graph.nodes.map((node) => node.id)).toContain("theme:edit-test-remedy");
    expect(graph.links.map((link) => link.id)).toContain(factId);

    expect(await checkInvariants(driver, sharedNeo4j().database)).toEqual([]);
  });

  it("adds a citation to a known fact, keeps the strongest basis, and says what it did", async () => {
    await addTestSource();
    const fact = {
      predicate: "HAS_THEME",
      subject: "event:cop-2022-06-21",
      object: "theme:edit-test-remedy",
      evidence: [citation("remedy, stated", { basis: "STATED" })],
    };
    const first = await edit(assertFacts, { input: [fact] });
    const factId = "fact:has_theme:event:cop-2022-06-21:theme:edit-test-remedy";
    expect(first.body.data.assertFacts).toEqual({ created: [], updated: [factId], unchanged: [] });
    const again = await edit(assertFacts, { input: [fact] });
    expect(again.body.data.assertFacts).toEqual({ created: [], updated: [], unchanged: [factId] });
    const { records } = await driver.executeQuery(
      `MATCH (f:Fact {id: $factId})-[c:CITED_IN]->(:Source)
       MATCH (:Event {id: 'event:cop-2022-06-21'})-[r:HAS_THEME {factId: $factId}]->()
       RETURN f.basis AS basis, r.basis AS linkBasis, count(c) AS citations`,
      { factId },
    );
    expect(records[0]?.toObject()).toEqual({ basis: "STATED", linkBasis: "STATED", citations: 2 });
    expect(await checkInvariants(driver, sharedNeo4j().database)).toEqual([]);
  });

  describe("statements per source", () => {
    const telefonica = async () => {
      const { records } = await driver.executeQuery(
        "MATCH (c:Company {id: 'company:telefonica'}) RETURN properties(c) AS props",
      );
      return records[0]?.get("props") as Record<string, unknown>;
    };
    const membershipId = "fact:member_of:company:telefonica:programme:cop";
    const membership = async () => {
      const { records } = await driver.executeQuery(
        "MATCH (f:Fact {id: $id}) RETURN properties(f) AS props",
        {
          id: membershipId,
        },
      );
      return records[0]?.get("props") as Record<string, unknown>;
    };

    it("records an upsert's values as the cited source's statement, merged with the others', and takes them out with the source", async () => {
      await addTestSource();
      const before = await telefonica();
      const { body } = await edit(upsertEntities, {
        input: [
          {
            id: "company:telefonica",
            name: "Telefónica (edit test)",
            aliases: ["edit-test alias"],
            description: "edit-test description",
            evidence: [citation("telefonica, edit test")],
          },
        ],
      });
      expect(body.errors).toBeUndefined();
      const after = await telefonica();
      const statements = JSON.parse(after.statements as string);
      expect(Object.keys(statements).sort()).toEqual([review, testSource].sort());
      expect(statements[testSource]).toMatchObject({
        name: "Telefónica (edit test)",
        aliases: ["edit-test alias"],
        description: "edit-test description",
      });
      // Both sources cover 2022 and the review's id sorts first: its single values win, the aliases unite.
      expect(after).toMatchObject({
        name: before.name,
        description: before.description,
        aliases: [...((before.aliases as string[] | null) ?? []), "edit-test alias"],
      });

      await removeTestRecords(driver);
      expect(await telefonica()).toEqual(before);
    });

    it("merges records again when a source's rank changes: a priority makes its values win", async () => {
      await addTestSource();
      const before = await telefonica();
      const upsert = await edit(upsertEntities, {
        input: [
          {
            id: "company:telefonica",
            name: "Telefónica",
            description: "edit-test description",
            evidence: [citation("telefonica, edit test")],
          },
        ],
      });
      expect(upsert.body.errors).toBeUndefined();
      expect((await telefonica()).description).toBe(before.description);

      const preferred = await edit(upsertSources, {
        input: [{ id: testSource, title: "Edit test notes", year: 2022, priority: 1 }],
      });
      expect(preferred.body.errors).toBeUndefined();
      expect((await telefonica()).description).toBe("edit-test description");
      expect(await checkInvariants(driver, sharedNeo4j().database)).toEqual([]);

      await removeTestRecords(driver);
      expect(await telefonica()).toEqual(before);
    });

    it("drops a source's statement of a fact when its last citation of it is retracted", async () => {
      await addTestSource();
      const before = await membership();
      const { body } = await edit(assertFacts, {
        input: [
          {
            predicate: "MEMBER_OF",
            subject: "company:telefonica",
            object: "programme:cop",
            flags: ["edit-test flag"],
            evidence: [citation("telefonica is a member, edit test")],
          },
        ],
      });
      expect(body.errors).toBeUndefined();
      const asserted = await membership();
      expect(Object.keys(JSON.parse(asserted.statements as string)).sort()).toEqual(
        [review, testSource].sort(),
      );
      expect(asserted.flags).toContain("edit-test flag");

      const retracted = await edit(retract, {
        input: [
          {
            factId: membershipId,
            source: testSource,
            section: "NOTES",
            quote: "telefonica is a member, edit test",
          },
        ],
      });
      expect(retracted.body.data.retractCitations).toEqual({ citationsRemoved: 1, factsRemoved: [] });
      const after = await membership();
      expect(Object.keys(JSON.parse(after.statements as string))).toEqual([review]);
      expect(after).toEqual(before);
      expect(await checkInvariants(driver, sharedNeo4j().database)).toEqual([]);
    });
  });

  describe("refuses what would break an invariant, and writes nothing", () => {
    const cases: { name: string; query: string; input: unknown[]; message: RegExp }[] = [
      {
        name: "a fact with no evidence",
        query: assertFacts,
        input: [{ predicate: "MEMBER_OF", subject: "company:apple", object: "programme:cop", evidence: [] }],
        message:
          /assertFacts: input\[0\]\.evidence: needs at least one item: every fact says where it comes from/,
      },
      {
        name: "a fact whose ends are not in the graph",
        query: assertFacts,
        input: [
          {
            predicate: "MEMBER_OF",
            subject: "company:edit-test-nowhere",
            object: "programme:edit-test-nowhere",
            evidence: [citation("joined", { source: review })],
          },
        ],
        message:
          /assertFacts: input\[0\]\.subject: company:edit-test-nowhere is not in the graph, nor written by this request; assertFacts: input\[0\]\.object: programme:edit-test-nowhere is not in the graph/,
      },
      {
        name: "a fact between two existing entities of types its predicate does not join",
        query: assertFacts,
        input: [
          {
            predicate: "PART_OF",
            subject: "event:cop-2022-06-21",
            object: "organization:icrc",
            evidence: [citation("part of", { source: review })],
          },
        ],
        message:
          /assertFacts: input\[0\]: PART_OF cannot join event:cop-2022-06-21 \(Event\) to organization:icrc \(Organization\); it joins \w+ → \w+, \w+ → \w+$/,
      },
      {
        name: "a fact that cites a source not in the graph",
        query: assertFacts,
        input: [
          {
            predicate: "MEMBER_OF",
            subject: "company:apple",
            object: "programme:cop",
            evidence: [citation("joined", { source: "source:edit-test-unknown" })],
          },
        ],
        message:
          /assertFacts: input\[0\]\.evidence\[0\]\.source: source:edit-test-unknown is not in the graph \(add it with upsertSources\)/,
      },
      {
        name: "an inference without its reason",
        query: assertFacts,
        input: [
          {
            predicate: "MEMBER_OF",
            subject: "company:apple",
            object: "programme:cop",
            evidence: [citation("joined", { source: review, basis: "INFERRED" })],
          },
        ],
        message: /assertFacts: input\[0\]\.evidence\[0\]\.reason: is required when basis is INFERRED/,
      },
      {
        name: "a property the predicate does not have",
        query: assertFacts,
        input: [
          {
            predicate: "MEMBER_OF",
            subject: "company:apple",
            object: "programme:cop",
            properties: { revenue: 12 },
            evidence: [citation("joined", { source: review })],
          },
        ],
        message: /assertFacts: input\[0\]\.properties\.revenue: `revenue` is not a property of MEMBER_OF/,
      },
      {
        name: "the same fact twice",
        query: assertFacts,
        input: [0, 1].map(() => ({
          predicate: "MEMBER_OF",
          subject: "company:apple",
          object: "programme:cop",
          evidence: [citation("joined", { source: review })],
        })),
        message:
          /assertFacts: input\[1\]: duplicate fact MEMBER_OF company:apple → programme:cop \(first at input\[0\]\)/,
      },
      {
        name: "an empty id",
        query: upsertEntities,
        input: [{ id: "", name: "Nameless", evidence: [citation("x", { source: review })] }],
        message: /upsertEntities: input\[0\]\.id: "" must look like `<type>:<slug>`/,
      },
      {
        name: "an id with no type's prefix",
        query: upsertEntities,
        input: [{ id: "widget:edit-test", name: "Widget", evidence: [citation("x", { source: review })] }],
        message:
          /upsertEntities: input\[0\]\.id: widget:edit-test does not start with a type's prefix \(company:, /,
      },
      {
        name: "an entity given a source's id",
        query: upsertEntities,
        input: [{ id: review, name: "Not a source", evidence: [citation("x", { source: review })] }],
        message:
          /upsertEntities: input\[0\]\.id: source:btech-cop-2022-year-end-review is a source's id: add sources with upsertSources/,
      },
      {
        name: "another type's property on an entity (its type is its id's prefix)",
        query: upsertEntities,
        input: [
          {
            id: "company:apple",
            name: "Apple",
            properties: { kind: "SESSION" },
            evidence: [citation("x", { source: review })],
          },
        ],
        message: /upsertEntities: input\[0\]\.properties\.kind: `kind` is not a property of Company/,
      },
      {
        name: "an entity with no evidence",
        query: upsertEntities,
        input: [{ id: "theme:edit-test-bare", name: "Bare", evidence: [] }],
        message:
          /upsertEntities: input\[0\]\.evidence: needs at least one item: every entity says where it comes from/,
      },
      {
        name: "a source with an empty id",
        query: upsertSources,
        input: [{ id: "", title: "Nameless" }],
        message: /upsertSources: input\[0\]\.id: must look like `<type>:<slug>`/,
      },
      {
        name: "a source whose id is another type's",
        query: upsertSources,
        input: [{ id: "company:apple", title: "Apple" }],
        message: /upsertSources: input\[0\]\.id: must start with `source:`/,
      },
    ];
    for (const { name, query, input, message } of cases) {
      it(name, async () => {
        const { status, error } = await refused(query, { input });
        expect(status).toBe(400);
        expect(error?.extensions?.code).toBe("BAD_USER_INPUT");
        expect(error?.message).toMatch(/^Nothing was written: /);
        expect(error?.message).toMatch(message);
        expect(`Nothing was written: ${((error?.extensions?.problems ?? []) as string[]).join("; ")}`).toBe(
          error?.message,
        );
        expect(error?.message).not.toMatch(/\.ts:\d+|MATCH \(|Neo4jError/);
      });
    }
  });

  describe("one request, one transaction", () => {
    it("writes nothing of a two-field mutation whose second field fails", async () => {
      const { error } = await refused(
        `mutation Two($theme: [EntityInput!]!, $facts: [FactInput!]!) {
           first: upsertEntities(input: $theme) { created }
           second: assertFacts(input: $facts) { created }
         }`,
        {
          theme: [
            { id: "theme:edit-test-atomic", name: "Atomic", evidence: [citation("a", { source: review })] },
          ],
          facts: [
            {
              predicate: "HAS_THEME",
              subject: "event:edit-test-nowhere",
              object: "theme:edit-test-atomic",
              evidence: [citation("b", { source: review })],
            },
          ],
        },
      );
      expect(error?.message).toMatch(
        /assertFacts: input\[0\]\.subject: event:edit-test-nowhere is not in the graph/,
      );
      expect((error as { path?: unknown } | undefined)?.path).toEqual(["second"]);
    });

    it("writes every field of a two-field mutation, the second seeing the first", async () => {
      const { body } = await edit(
        `mutation Both($source: [SourceInput!]!, $theme: [EntityInput!]!, $facts: [FactInput!]!) {
           upsertSources(input: $source) { created updated unchanged }
           upsertEntities(input: $theme) { created }
           assertFacts(input: $facts) { created }
         }`,
        {
          source: [{ id: testSource, title: "Edit test notes" }],
          theme: [{ id: "theme:edit-test-pair", name: "Pair", evidence: [citation("pair")] }],
          facts: [
            {
              predicate: "BROADER",
              subject: "theme:edit-test-pair",
              object: "theme:hrdd",
              evidence: [citation("pair is part of HRDD")],
            },
          ],
        },
      );
      expect(body.errors).toBeUndefined();
      expect(body.data.upsertEntities.created).toEqual(["theme:edit-test-pair"]);
      expect(body.data.assertFacts.created).toEqual(["fact:broader:theme:edit-test-pair:theme:hrdd"]);
      expect(await checkInvariants(driver, sharedNeo4j().database)).toEqual([]);
    });

    it("refuses to mix edits with analytics write-back in one request", async () => {
      const { status, error } = await refused(
        `mutation { upsertSources(input: [{ id: "source:edit-test-mixed", title: "Mixed" }]) { created }
                    writeAnalytics(properties: [PAGERANK]) { ranAt } }`,
      );
      expect(status).toBe(400);
      expect(error?.message).toBe(
        "A request's edits run in one transaction, which writeAnalytics cannot join: send it in a request of its own.",
      );
    });
  });

  describe("retracting citations", () => {
    const factId = "fact:has_theme:event:cop-2022-06-21:theme:edit-test-retract";
    const retraction = (quote: string) => ({ factId, source: testSource, section: "NOTES", quote });

    it("withdraws one citation and recomputes the basis; the last one takes the fact and its relationship", async () => {
      await addTestSource();
      const written = await edit(
        `mutation Setup($theme: [EntityInput!]!, $facts: [FactInput!]!) {
           upsertEntities(input: $theme) { created }
           assertFacts(input: $facts) { created }
         }`,
        {
          theme: [{ id: "theme:edit-test-retract", name: "Retract", evidence: [citation("retract")] }],
          facts: [
            {
              predicate: "HAS_THEME",
              subject: "event:cop-2022-06-21",
              object: "theme:edit-test-retract",
              evidence: [citation("stated"), citation("inferred", { basis: "INFERRED", reason: "test" })],
            },
          ],
        },
      );
      expect(written.body.errors).toBeUndefined();

      const first = await edit(retract, { input: [retraction("stated")] });
      expect(first.body.data.retractCitations).toEqual({ citationsRemoved: 1, factsRemoved: [] });
      const { records } = await driver.executeQuery(
        `MATCH (f:Fact {id: $factId}), (:Event {id: 'event:cop-2022-06-21'})-[r:HAS_THEME {factId: $factId}]->()
         RETURN f.basis AS basis, r.basis AS linkBasis`,
        { factId },
      );
      expect(records[0]?.toObject()).toEqual({ basis: "INFERRED", linkBasis: "INFERRED" });
      expect(await checkInvariants(driver, sharedNeo4j().database)).toEqual([]);

      const last = await edit(retract, { input: [retraction("inferred")] });
      expect(last.body.data.retractCitations).toEqual({ citationsRemoved: 1, factsRemoved: [factId] });
      const { records: left } = await driver.executeQuery(
        "OPTIONAL MATCH (f:Fact {id: $factId}) OPTIONAL MATCH ()-[r {factId: $factId}]->() RETURN count(f) + count(r) AS left",
        { factId },
      );
      expect(Number(left[0]?.get("left"))).toBe(0);
      expect(await checkInvariants(driver, sharedNeo4j().database)).toEqual([]);
    });

    it("refuses a citation the fact does not have, and withdraws none of the request's", async () => {
      const { error } = await refused(retract, {
        input: [
          {
            factId: "fact:member_of:company:apple:programme:cop",
            source: review,
            section: "x",
            quote: "never said",
          },
          { factId: "fact:edit-test-none", source: review, section: "x", quote: "y" },
        ],
      });
      expect(error?.message).toMatch(
        /retractCitations: input\[0\]: fact:member_of:company:apple:programme:cop has no citation of source:btech-cop-2022-year-end-review with this section and quote; retractCitations: input\[1\]\.factId: fact:edit-test-none is not in the graph/,
      );
    });
  });
});
