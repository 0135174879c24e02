// The seven questions of issue 4, each one request with its typed operation, against the seeded graph.
// Expected answers come from the seed and from Cypher over the same graph, never from the API itself.
import { int as neo4jInt } from "neo4j-driver";
import { describe, expect, it } from "vitest";
import {
  AggregatesDocument,
  CompanyProfileDocument,
  EvidenceDocument,
  ExpertThemesDocument,
  NeighbourhoodDocument,
  SearchDocument,
  TimelineDocument,
} from "../../graph/generated/graphql.ts";
import { ensureSeeded } from "../helpers/graph.ts";
import { postGraphQL, serveAppForSuite } from "../helpers/http.ts";
import { runOperation } from "./client.ts";

describe("the seven questions on the seeded graph", () => {
  const server = serveAppForSuite({ before: (driver) => ensureSeeded(driver) });
  const { driver } = server;

  /** Rows of a read query, as plain objects. */
  const cypher = async (query: string, parameters: Record<string, unknown> = {}) =>
    (await driver.executeQuery(query, parameters)).records.map((record) => record.toObject());

  it("1. links experts and themes through events, with the evidence of each step, both ways", async () => {
    const byTheme = await runOperation(server.url, ExpertThemesDocument, {
      themeId: "theme:international-humanitarian-law",
    });
    expect(byTheme.errors).toBeUndefined();
    const icrc = byTheme.data?.expertThemes.find((link) => link.expert.id === "expert:icrc-delegation");
    expect(icrc?.theme.name).toBe("International Humanitarian Law");
    const step = icrc?.via.find((candidate) => candidate.event.id === "event:cop-2022-06-21");
    expect(step?.startDate).toBe("2022-06-21");
    expect(step?.participation).toMatchObject({
      factId: "fact:participated_in:expert:icrc-delegation:event:cop-2022-06-21",
      basis: "INFERRED",
    });
    expect(step?.participation.citations[0]?.reason).toMatch(/International Humanitarian Law/);
    expect(step?.themeOfEvent.factId).toBe(
      "fact:has_theme:event:cop-2022-06-21:theme:international-humanitarian-law",
    );
    expect(step?.themeOfEvent.citations.length).toBeGreaterThan(0);

    // The reverse direction returns exactly the pairs the graph holds for that expert.
    const byExpert = await runOperation(server.url, ExpertThemesDocument, {
      expertId: "expert:icrc-delegation",
    });
    const expected = await cypher(
      "MATCH (:Expert {id: $id})-[:PARTICIPATED_IN]->(:Event)-[:HAS_THEME]->(t:Theme) RETURN DISTINCT t.id AS id ORDER BY id",
      { id: "expert:icrc-delegation" },
    );
    expect(byExpert.data?.expertThemes.map((link) => link.theme.id).sort()).toEqual(
      expected.map((row) => row.id),
    );
    expect(expected.length).toBeGreaterThan(1);
    for (const link of byExpert.data?.expertThemes ?? []) {
      for (const each of link.via) {
        for (const evidence of [each.participation, each.themeOfEvent]) {
          expect(evidence.citations.length).toBeGreaterThan(0);
          for (const citation of evidence.citations) expect(citation.quote.length).toBeGreaterThan(0);
        }
      }
    }
  });

  it("2. profiles a company: membership since, events in order, representatives, themes, co-participants", async () => {
    const { data, errors } = await runOperation(server.url, CompanyProfileDocument, {
      id: "company:telefonica",
      coParticipants: 5,
    });
    expect(errors).toBeUndefined();
    const company = data?.companies[0];
    expect(company?.name).toBe("Telefónica");
    expect(company?.membershipsConnection.edges).toEqual([
      {
        properties: {
          since: 2022,
          factId: "fact:member_of:company:telefonica:programme:cop",
          basis: "STATED",
        },
        node: { id: "programme:cop", name: expect.any(String) },
      },
    ]);
    const events = company?.eventsConnection.edges.map((edge) => edge.node.id) ?? [];
    const expectedEvents = await cypher(
      "MATCH (:Company {id: 'company:telefonica'})-[:PARTICIPATED_IN]->(e:Event) RETURN e.id AS id ORDER BY e.startDate",
    );
    expect(events).toEqual(expectedEvents.map((row) => row.id));
    const themes = await cypher(
      "MATCH (:Company {id: 'company:telefonica'})-[:PARTICIPATED_IN]->(:Event)-[:HAS_THEME]->(t:Theme) RETURN DISTINCT t.id AS id ORDER BY id",
    );
    expect(company?.themesMet.map((theme) => theme.id).sort()).toEqual(themes.map((row) => row.id));

    const shared = company?.coParticipants ?? [];
    expect(shared).toHaveLength(5);
    for (const [index, row] of shared.entries()) {
      const [truth] = await cypher(
        `MATCH (:Company {id: 'company:telefonica'})-[:PARTICIPATED_IN]->(e:Event)<-[:PARTICIPATED_IN]-(:Company {id: $other})
         RETURN count(DISTINCT e) AS count`,
        { other: row.company.id },
      );
      expect(row.sharedEvents).toBe(truth?.count);
      expect(row.eventIds).toHaveLength(row.sharedEvents);
      if (index > 0) expect(row.sharedEvents).toBeLessThanOrEqual(shared[index - 1]?.sharedEvents ?? 0);
    }
    expect(shared.map((row) => row.company.id)).not.toContain("company:telefonica");
  });

  it("3. lists the events between two dates in order, with themes and participants", async () => {
    const { data, errors } = await runOperation(server.url, TimelineDocument, {
      from: "2022-05-01",
      to: "2022-06-30",
    });
    expect(errors).toBeUndefined();
    const events = data?.events ?? [];
    const ids = events.map((event) => event.id);
    expect(ids).toEqual(
      expect.arrayContaining(["event:cop-2022-05-03", "event:cop-2022-05-17", "event:cop-2022-06-21"]),
    );
    expect(ids.indexOf("event:cop-2022-05-03")).toBeLessThan(ids.indexOf("event:cop-2022-06-21"));
    const starts = events.map((event) => event.startDate ?? "");
    expect(starts).toEqual([...starts].sort());
    for (const event of events) {
      expect(event.startDate && event.startDate <= "2022-06-30").toBe(true);
      expect(event.endDate && event.endDate >= "2022-05-01").toBe(true);
    }
    const expected = await cypher(
      "MATCH (e:Event) WHERE e.startDate <= date('2022-06-30') AND e.endDate >= date('2022-05-01') RETURN count(e) AS n",
    );
    expect(events).toHaveLength(expected[0]?.n);
    const june = events.find((event) => event.id === "event:cop-2022-06-21");
    expect(june?.themes.map((theme) => theme.id)).toContain("theme:international-humanitarian-law");
    expect(june?.experts.map((expert) => expert.id)).toContain("expert:icrc-delegation");
    expect(events.some((event) => event.companies.length > 0)).toBe(true);
  });

  it("3. reads the timeline through bounded index seeks, with the answer of the plain overlap filter", async () => {
    // `timeline` seeks events starting within the range and periods starting on the first of the 12 months
    // before it; the plain filter reads every earlier event. Every month, quarter and year of the seed's span.
    const query = `query Ids($from: Date!, $to: Date!, $limit: Int) {
      timeline(from: $from, to: $to, limit: $limit) { id }
    }`;
    const plain = `MATCH (e:Event) WHERE e.startDate <= date($to) AND e.endDate >= date($from)
      WITH e ORDER BY e.startDate, e.name LIMIT $limit RETURN e.id AS id`;
    const iso = (year: number, month: number, day: number) =>
      new Date(Date.UTC(year, month, day)).toISOString().slice(0, 10);
    let overlapping = 0;
    for (let year = 2020; year <= 2024; year += 1) {
      for (let month = 0; month < 12; month += 1) {
        for (const [from, to] of [
          [iso(year, month, 1), iso(year, month + 1, 0)],
          [iso(year, month, 15), iso(year, month + 3, 0)],
          [iso(year, month, 1), iso(year + 1, month + 1, 0)],
        ]) {
          const { body } = await postGraphQL(server.url, query, { from, to, limit: 500 });
          expect(body.errors).toBeUndefined();
          const expected = (await cypher(plain, { from, to, limit: neo4jInt(500) })).map((row) => row.id);
          expect(
            body.data.timeline.map((event: { id: string }) => event.id),
            `${from}..${to}`,
          ).toEqual(expected);
          overlapping += expected.length;
        }
      }
    }
    expect(overlapping).toBeGreaterThan(0);
  });

  it("4. searches every type by full text, ranked, typed, accents folded, whatever the input", async () => {
    const folded = await runOperation(server.url, SearchDocument, { phrase: "telefonica" });
    expect(folded.data?.search[0]).toMatchObject({
      id: "company:telefonica",
      type: "Company",
      name: "Telefónica",
    });

    const humanitarian = await runOperation(server.url, SearchDocument, {
      phrase: "humanitarian law",
      limit: 10,
    });
    const hits = humanitarian.data?.search ?? [];
    expect(hits.map((hit) => hit.id)).toContain("theme:international-humanitarian-law");
    expect(new Set(hits.map((hit) => hit.type)).size).toBeGreaterThan(1);
    const scores = hits.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    for (const hostile of ['"', "*", "AND(", "telefonica AND", "\\", "((", "title:x OR", "   ", "~!^"]) {
      const { errors, data } = await runOperation(server.url, SearchDocument, { phrase: hostile });
      expect(errors, `search for ${JSON.stringify(hostile)}`).toBeUndefined();
      expect(Array.isArray(data?.search)).toBe(true);
    }
    const quoted = await runOperation(server.url, SearchDocument, { phrase: 'Telefónica"*' });
    expect(quoted.data?.search[0]?.id).toBe("company:telefonica");
  });

  it("5. draws the neighbourhood of a node to depth 1–3, bounded", async () => {
    const one = await runOperation(server.url, NeighbourhoodDocument, { id: "company:telefonica", depth: 1 });
    expect(one.errors).toBeUndefined();
    const near = one.data?.neighbourhood;
    const direct = await cypher(
      "MATCH (:Company {id: 'company:telefonica'})--(n:Entity) WHERE NOT n:Source RETURN collect(DISTINCT n.id) AS ids",
    );
    expect(near?.nodes.map((node) => node.id).sort()).toEqual(
      ["company:telefonica", ...(direct[0]?.ids ?? [])].sort(),
    );
    const ids = new Set(near?.nodes.map((node) => node.id));
    expect(near?.relationships.length).toBeGreaterThan(0);
    for (const relationship of near?.relationships ?? []) {
      expect(ids.has(relationship.from) && ids.has(relationship.to)).toBe(true);
      expect(relationship.factId).toMatch(/^fact:/);
    }
    expect(near?.nodes.every((node) => node.type !== "Fact" && node.type !== "Source")).toBe(true);

    const wider = await runOperation(server.url, NeighbourhoodDocument, {
      id: "company:telefonica",
      depth: 3,
      limit: 5,
    });
    expect(wider.data?.neighbourhood?.nodes).toHaveLength(5);
    expect(wider.data?.neighbourhood?.truncated).toBe(true);

    const tooDeep = await runOperation(server.url, NeighbourhoodDocument, {
      id: "company:telefonica",
      depth: 4,
    });
    expect(tooDeep.errors?.[0]).toMatchObject({
      message: "neighbourhood: depth must be between 1 and 3, not 4.",
      extensions: { code: "BAD_USER_INPUT" },
    });
    const unknown = await runOperation(server.url, NeighbourhoodDocument, { id: "company:nobody" });
    expect(unknown.data?.neighbourhood).toBeNull();
  });

  it("6. counts events per theme, companies per event, experts per organisation", async () => {
    const { data, errors } = await runOperation(server.url, AggregatesDocument, {});
    expect(errors).toBeUndefined();
    const truth = async (query: string) =>
      Object.fromEntries((await cypher(query)).map((row) => [row.id as string, row.n as number]));
    const perTheme = await truth(
      "MATCH (t:Theme) OPTIONAL MATCH (t)<-[:HAS_THEME]-(e:Event) RETURN t.id AS id, count(DISTINCT e) AS n",
    );
    const perEvent = await truth(
      "MATCH (e:Event) OPTIONAL MATCH (e)<-[:PARTICIPATED_IN]-(c:Company) RETURN e.id AS id, count(DISTINCT c) AS n",
    );
    const perOrganization = await truth(
      "MATCH (o:Organization) OPTIONAL MATCH (o)<-[:AFFILIATED_WITH]-(x:Expert) RETURN o.id AS id, count(DISTINCT x) AS n",
    );
    for (const [tallies, expected] of [
      [data?.eventsPerTheme, perTheme],
      [data?.companiesPerEvent, perEvent],
      [data?.expertsPerOrganization, perOrganization],
    ] as const) {
      expect(tallies?.length).toBe(Math.min(50, Object.keys(expected).length));
      for (const tally of tallies ?? []) expect(tally.count).toBe(expected[tally.entity.id]);
      const counts = tallies?.map((tally) => tally.count) ?? [];
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
    }
    expect(data?.eventsPerTheme[0]?.count).toBeGreaterThan(1);
    expect(data?.expertsPerOrganization.find((tally) => tally.entity.id === "organization:icrc")?.count).toBe(
      1,
    );
    const [events] = await cypher("MATCH (e:Event) RETURN count(e) AS n");
    expect(data?.eventCount).toBe(events?.n);
  });

  it("6. ranks each tally as a plain count over every node does, ties and zero counts included", async () => {
    // The tallies read degrees and expand from the smaller side (graph/questions/*.cypher); the seed has fewer events
    // with companies than the larger limits, so events no company took part in fill those lists.
    const query = `query Tallies($limit: Int) {
      eventsPerTheme(limit: $limit) { entity { id } count }
      companiesPerEvent(limit: $limit) { entity { id } count }
      expertsPerOrganization(limit: $limit) { entity { id } count }
    }`;
    const plain = {
      eventsPerTheme: `MATCH (t:Theme) OPTIONAL MATCH (t)<-[:HAS_THEME]-(e:Event)
        WITH t, count(DISTINCT e) AS n ORDER BY n DESC, t.name LIMIT $limit RETURN t.id AS id, n`,
      companiesPerEvent: `MATCH (e:Event) OPTIONAL MATCH (e)<-[:PARTICIPATED_IN]-(c:Company)
        WITH e, count(DISTINCT c) AS n ORDER BY n DESC, e.startDate, e.name LIMIT $limit RETURN e.id AS id, n`,
      expertsPerOrganization: `MATCH (o:Organization) OPTIONAL MATCH (o)<-[:AFFILIATED_WITH]-(x:Expert)
        WITH o, count(DISTINCT x) AS n ORDER BY n DESC, o.name LIMIT $limit RETURN o.id AS id, n`,
    };
    const [withCompanies] = await cypher(
      "MATCH (:Company)-[:PARTICIPATED_IN]->(e:Event) RETURN count(DISTINCT e) AS n",
    );
    expect(withCompanies?.n).toBeLessThan(50);
    for (const limit of [1, 3, 50, 500]) {
      const { body } = await postGraphQL(server.url, query, { limit });
      expect(body.errors).toBeUndefined();
      for (const [field, statement] of Object.entries(plain)) {
        const expected = await cypher(statement, { limit: neo4jInt(limit) });
        const actual = (body.data[field] as { entity: { id: string }; count: number }[]).map((tally) => ({
          id: tally.entity.id,
          n: tally.count,
        }));
        expect(actual, `${field}(limit: ${limit})`).toEqual(expected);
      }
    }
  });

  it("7. shows the evidence of a fact: source, section, verbatim quote, basis and the reason of an inference", async () => {
    const stated = await runOperation(server.url, EvidenceDocument, {
      factId: "fact:member_of:company:telefonica:programme:cop",
    });
    expect(stated.errors).toBeUndefined();
    const fact = stated.data?.facts[0];
    expect(fact).toMatchObject({
      predicate: "MEMBER_OF",
      basis: "STATED",
      subject: [{ __typename: "Company", id: "company:telefonica" }],
      object: [{ __typename: "Programme", id: "programme:cop" }],
    });
    // The fact's own citation (about empty) beside the citation of its validity (about "valid").
    const own = fact?.sourcesConnection.edges.find((edge) => edge.properties.about === null);
    expect(own).toMatchObject({
      properties: { section: "PARTICIPANTS", basis: "STATED", reason: null },
      node: { id: "source:btech-cop-2022-year-end-review" },
    });
    expect(own?.properties.quote).toContain("Telefónica");
    expect(fact?.sourcesConnection.edges.map((edge) => edge.properties.about).sort()).toEqual([
      null,
      "valid",
    ]);

    const inferred = await runOperation(server.url, EvidenceDocument, {
      factId: "fact:participated_in:company:telefonica:event:cop-2022-02-28",
    });
    const citation = inferred.data?.facts[0]?.sourcesConnection.edges[0]?.properties;
    expect(citation?.basis).toBe("INFERRED");
    expect(citation?.reason).toMatch(/inferred/);
  });

  it("keeps the generated API: filters, sorting, Relay cursors and aggregations in v7 syntax", async () => {
    const page = `query Page($after: String) {
      companiesConnection(first: 3, after: $after, sort: [{ name: ASC }], where: { name: { startsWith: "" } }) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { id name } }
      }
    }`;
    const first = await postGraphQL(server.url, page);
    expect(first.body.errors).toBeUndefined();
    const second = await postGraphQL(server.url, page, {
      after: first.body.data.companiesConnection.pageInfo.endCursor,
    });
    const names = [
      ...first.body.data.companiesConnection.edges,
      ...second.body.data.companiesConnection.edges,
    ].map((edge: { node: { name: string } }) => edge.node.name);
    expect(names).toHaveLength(6);
    expect(new Set(names).size).toBe(6);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" }) || 0));
    const [companies] = await cypher("MATCH (c:Company) RETURN count(c) AS n");
    expect(first.body.data.companiesConnection.totalCount).toBe(companies?.n);

    const filtered = await postGraphQL(
      server.url,
      `{ events(where: { kind: { eq: SPECIAL_SESSION }, themes: { some: { id: { eq: "theme:conflict-settings" } } } }) { id } }`,
    );
    expect(filtered.body.data.events.map((event: { id: string }) => event.id)).toContain(
      "event:cop-2022-06-21",
    );

    const deprecated = await postGraphQL(server.url, "{ companiesAggregate { count } }");
    expect(deprecated.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});
