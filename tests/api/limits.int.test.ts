// Bounded queries: each limit refuses what exceeds it and names its variable; masking and introspection.
import { getIntrospectionQuery } from "graphql";
import type { Driver } from "neo4j-driver";
import { describe, expect, it } from "vitest";
import { type ApiSettings, loadConfig } from "../../src/config.ts";
import { ensureSeeded } from "../helpers/graph.ts";
import { postGraphQL, serveAppForSuite } from "../helpers/http.ts";

const defaults = loadConfig({}).api;

describe("limits with the default configuration", () => {
  const server = serveAppForSuite({ api: defaults, before: (driver) => ensureSeeded(driver) });

  /** `companies { events { companies { events … { id } } } }`, `levels` fields deep. */
  const nested = (levels: number) => {
    let query = "id";
    for (let level = levels - 1; level >= 1; level -= 1) {
      query = `${level % 2 === 1 ? "companies" : "events"}(limit: 1) { ${query} }`;
    }
    return `query Deep { ${query} }`;
  };

  it("answers a query at the maximum depth and refuses one level more, naming GRAPHQL_MAX_DEPTH", async () => {
    const atMax = await postGraphQL(server.url, nested(defaults.limits.maxDepth));
    expect(atMax.body.errors).toBeUndefined();
    expect(atMax.body.data.companies.length).toBeGreaterThan(0);

    const { status, body } = await postGraphQL(server.url, nested(defaults.limits.maxDepth + 1));
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({
      message: "Query depth 11 exceeds the maximum of 10 (GRAPHQL_MAX_DEPTH)",
      extensions: { code: "LIMIT_EXCEEDED", limit: "GRAPHQL_MAX_DEPTH", maximum: 10, actual: 11 },
    });
    expect(body.data).toBeUndefined();
  });

  it("counts depth through fragments, but not introspection", async () => {
    const viaFragment = `query Deep { companies { ...Level } }
      fragment Level on Company { events { companies { events { companies { events { companies { events { companies { events { companies { id } } } } } } } } } } }`;
    const { body } = await postGraphQL(server.url, viaFragment);
    expect(body.errors?.[0]?.extensions?.limit).toBe("GRAPHQL_MAX_DEPTH");

    const introspection = await postGraphQL(
      server.url,
      "{ __schema { types { name fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } }",
    );
    expect(introspection.body.errors).toBeUndefined();
  });

  it("refuses more aliases than GRAPHQL_MAX_ALIASES", async () => {
    const aliases = (count: number) =>
      `{ ${Array.from({ length: count }, (_, index) => `a${index}: companies(limit: 1) { id }`).join(" ")} }`;
    expect((await postGraphQL(server.url, aliases(defaults.limits.maxAliases))).body.errors).toBeUndefined();
    const { body } = await postGraphQL(server.url, aliases(defaults.limits.maxAliases + 1));
    expect(body.errors?.[0]).toMatchObject({
      message: "The query uses 21 aliases, more than the maximum of 20 (GRAPHQL_MAX_ALIASES)",
      extensions: { code: "LIMIT_EXCEEDED", limit: "GRAPHQL_MAX_ALIASES" },
    });
  });

  it("bounds introspection too: aliases count, and it may nest as deep as the standard query, no deeper", async () => {
    const flood = Array.from({ length: 21 }, (_, index) => `s${index}: __schema { queryType { name } }`);
    const aliased = await postGraphQL(server.url, `{ ${flood.join(" ")} }`);
    expect(aliased.status).toBe(400);
    expect(aliased.body.errors?.[0]?.extensions).toMatchObject({
      code: "LIMIT_EXCEEDED",
      limit: "GRAPHQL_MAX_ALIASES",
      actual: 21,
    });

    const standard = await postGraphQL(server.url, getIntrospectionQuery({ inputValueDeprecation: true }));
    expect(standard.body.errors).toBeUndefined();
    // graphql-js's own rule refuses `fields` nested in `fields`; a chain of `ofType` is ours to bound.
    let deep = "{ name }";
    for (let level = 0; level < 20; level += 1) deep = `{ ofType ${deep} }`;
    const tooDeep = await postGraphQL(server.url, `{ __schema { types { fields { type ${deep} } } } }`);
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Introspection depth 25 exceeds the maximum of 15/),
      extensions: { code: "LIMIT_EXCEEDED", limit: "GRAPHQL_MAX_DEPTH" },
    });
  });

  it("refuses a negative offset and a cursor the API never gave out as BAD_USER_INPUT, naming them", async () => {
    const negative = await postGraphQL(server.url, "{ themes(offset: -1) { id } }");
    expect(negative.status).toBe(400);
    expect(negative.body.errors?.[0]).toMatchObject({
      message: "themes: offset must be at least 0, not -1.",
      extensions: { code: "BAD_USER_INPUT" },
    });
    const forged = await postGraphQL(server.url, '{ themesConnection(after: "COP") { totalCount } }');
    expect(forged.status).toBe(400);
    expect(forged.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^themesConnection: after is not a cursor this API returned/),
      extensions: { code: "BAD_USER_INPUT" },
    });
    const first = await postGraphQL(server.url, "{ themesConnection(first: 1) { pageInfo { endCursor } } }");
    const cursor = first.body.data.themesConnection.pageInfo.endCursor;
    const next = await postGraphQL(
      server.url,
      `{ themesConnection(first: 1, after: ${JSON.stringify(cursor)}) { edges { node { id } } } }`,
    );
    expect(next.body.errors).toBeUndefined();
    expect(next.body.data.themesConnection.edges).toHaveLength(1);
  });

  it("refuses __typename inside an aggregate selection, naming it, and answers the aggregate without it", async () => {
    for (const query of [
      "{ companiesConnection { aggregate { node { __typename } } } }",
      "{ companiesConnection { aggregate { __typename count { nodes } } } }",
      "{ companies(limit: 1) { eventsConnection { aggregate { node { name { __typename longest } } } } } }",
      "{ companiesConnection { aggregate { node { ...N } } } } fragment N on CompanyAggregateNode { __typename }",
    ]) {
      const { status, body } = await postGraphQL(server.url, query);
      expect(status, query).toBe(400);
      expect(body.errors?.[0], query).toMatchObject({
        message: expect.stringMatching(
          /^__typename cannot be selected inside an aggregate \(on type "\w+"\)/,
        ),
        extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
      });
    }
    const plain = await postGraphQL(
      server.url,
      "{ companiesConnection { __typename aggregate { count { nodes } node { name { longest } } } } }",
    );
    expect(plain.body.errors).toBeUndefined();
    expect(plain.body.data.companiesConnection.aggregate.count.nodes).toBeGreaterThan(0);
  });

  it("refuses a field repeated under different aliases inside a connection, an edge or an aggregate", async () => {
    for (const query of [
      "{ companiesConnection { a: edges { cursor } b: edges { cursor } } }",
      "{ expertsConnection { edges { a: node { id } b: node { name } } } }",
      "{ companies(limit: 1) { eventsConnection { edges { a: node { id } b: node { id } } } } }",
      "{ companiesConnection { aggregate { a: count { nodes } b: count { nodes } } } }",
      "{ companiesConnection { a: pageInfo { hasNextPage } ...P } } fragment P on CompaniesConnection { b: pageInfo { hasNextPage } }",
    ]) {
      const { status, body } = await postGraphQL(server.url, query);
      expect(status, query).toBe(400);
      expect(body.errors?.[0], query).toMatchObject({
        message: expect.stringMatching(
          /^"\w+" is selected 2 times under different aliases \(a, b\) inside "\w+"/,
        ),
        extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
      });
    }
    const aliasedElsewhere = await postGraphQL(
      server.url,
      "{ a: companies(limit: 1) { id } b: companies(limit: 1) { x: id y: id } companiesConnection { edges { node { id } } } }",
    );
    expect(aliasedElsewhere.body.errors).toBeUndefined();
    expect(aliasedElsewhere.body.data.b[0].x).toBe(aliasedElsewhere.body.data.b[0].y);
  });

  it("refuses a query whose estimated cost exceeds GRAPHQL_MAX_COST, and says how to fix it", async () => {
    const { status, body } = await postGraphQL(
      server.url,
      "{ companies(limit: 500) { events(limit: 500) { themes(limit: 10) { id } } } }",
    );
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(
      /^Query cost \d+ exceeds the maximum of 20000: ask for fewer rows .* \(GRAPHQL_MAX_COST\)$/,
    );
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "GRAPHQL_MAX_COST" });
  });

  it("estimates each request's cost with its own variables, the same document asked again included", async () => {
    const query =
      "query Wide($outer: Int, $inner: Int) { companies(limit: $outer) { events(limit: $inner) { themes(limit: 10) { id } } } }";
    const costOf = async (outer: number, inner: number) =>
      (await postGraphQL(server.url, query, { outer, inner })).body.errors?.[0]?.extensions?.limit ??
      "answered";
    expect(await costOf(2, 2)).toBe("answered");
    expect(await costOf(500, 500)).toBe("GRAPHQL_MAX_COST");
    expect(await costOf(2, 2)).toBe("answered");
    expect(await costOf(500, 500)).toBe("GRAPHQL_MAX_COST");
    expect(await costOf(500, 2)).toBe("answered");
  });

  /** `{ NOT: { NOT: … { id: { eq: id } } } }`: `levels` NOTs around a two-level comparison. */
  const negated = (levels: number, id = "x") => {
    let where: Record<string, unknown> = { id: { eq: id } };
    for (let level = 0; level < levels; level += 1) where = { NOT: where };
    return where;
  };

  it("refuses input nested deeper than GRAPHQL_MAX_INPUT_DEPTH, inline or in variables, naming the argument", async () => {
    const maxInputDepth = defaults.limits.maxInputDepth;
    const atMax = await postGraphQL(server.url, "query Q($w: CompanyWhere) { companies(where: $w) { id } }", {
      // An even number of NOTs: the company itself.
      w: negated(maxInputDepth - 2, "company:telefonica"),
    });
    expect(atMax.body.errors).toBeUndefined();
    expect(atMax.body.data.companies).toEqual([{ id: "company:telefonica" }]);

    const viaVariable = await postGraphQL(
      server.url,
      "query Q($w: CompanyWhere) { companies(where: $w) { id } }",
      { w: negated(800) },
    );
    expect(viaVariable.status).toBe(400);
    expect(viaVariable.body.errors?.[0]).toMatchObject({
      message: `The input of companies(where:) nests 802 levels deep, more than the maximum of ${maxInputDepth} (GRAPHQL_MAX_INPUT_DEPTH)`,
      extensions: {
        code: "LIMIT_EXCEEDED",
        limit: "GRAPHQL_MAX_INPUT_DEPTH",
        maximum: maxInputDepth,
        actual: 802,
      },
    });
    expect(viaVariable.body.data).toBeUndefined();

    // Within the token limit: 4 tokens a level.
    const inline = `{ events(where: ${"{ NOT: ".repeat(300)}{ id: { eq: "x" } }${" }".repeat(300)}) { id } }`;
    const inlineAnswer = await postGraphQL(server.url, inline);
    expect(inlineAnswer.status).toBe(400);
    expect(inlineAnswer.body.errors?.[0]?.message).toMatch(
      /^The input of events\(where:\) nests 302 levels deep/,
    );
    expect(inlineAnswer.body.errors?.[0]?.extensions).toMatchObject({ limit: "GRAPHQL_MAX_INPUT_DEPTH" });

    // A variable inside an inline object counts from where the document puts it.
    const mixed = await postGraphQL(
      server.url,
      "query Q($w: CompanyWhere!) { companies(where: { AND: [$w] }) { id } }",
      { w: negated(maxInputDepth - 2) },
    );
    expect(mixed.body.errors?.[0]?.extensions).toMatchObject({
      limit: "GRAPHQL_MAX_INPUT_DEPTH",
      actual: maxInputDepth + 2,
    });
  });

  it("refuses arguments holding more than GRAPHQL_MAX_INPUT_VALUES values, variables included", async () => {
    const ids = (count: number) => Array.from({ length: count }, (_, index) => `company:probe-${index}`);
    const query = "query Q($ids: [ID!]) { companies(where: { id: { in: $ids } }) { id } }";
    // where, id, the list: 3 values besides the ids.
    const atMax = await postGraphQL(server.url, query, { ids: ids(defaults.limits.maxInputValues - 3) });
    expect(atMax.body.errors).toBeUndefined();
    expect(atMax.body.data.companies).toEqual([]);
    const over = await postGraphQL(server.url, query, { ids: ids(defaults.limits.maxInputValues) });
    expect(over.status).toBe(400);
    expect(over.body.errors?.[0]).toMatchObject({
      message: `The arguments hold ${defaults.limits.maxInputValues + 3} values (variables included), more than the maximum of ${defaults.limits.maxInputValues}; the largest is companies(where:) (GRAPHQL_MAX_INPUT_VALUES)`,
      extensions: { code: "LIMIT_EXCEEDED", limit: "GRAPHQL_MAX_INPUT_VALUES" },
    });
  });

  it("counts relationship filters in the cost: a deep where is refused naming GRAPHQL_MAX_COST", async () => {
    /** `{ events: { some: { companies: { some: … { id: { eq: "x" } } } } } }`, `levels` relationships deep. */
    const walk = (levels: number) => {
      let where = '{ id: { eq: "x" } }';
      for (let level = levels - 1; level >= 0; level -= 1) {
        where = `{ ${level % 2 === 0 ? "events" : "companies"}: { some: ${where} } }`;
      }
      return `{ companies(where: ${where}) { id } }`;
    };
    // The attack of issue #13 (about 200 bytes, eight levels): 30 s of Neo4j CPU each before this bound.
    const deep = await postGraphQL(server.url, walk(8));
    expect(deep.status).toBe(400);
    expect(deep.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Query cost \d+ exceeds the maximum of 20000: .*relationship filters/),
      extensions: { code: "LIMIT_EXCEEDED", limit: "GRAPHQL_MAX_COST" },
    });
    expect(deep.body.errors?.[0]?.extensions?.actual).toBeGreaterThan(10 ** 8);
    const four = await postGraphQL(server.url, walk(4));
    expect(four.body.errors?.[0]?.extensions?.limit).toBe("GRAPHQL_MAX_COST");
    // Two or three levels, as ordinary questions filter, are answered.
    const three = await postGraphQL(server.url, walk(3));
    expect(three.body.errors).toBeUndefined();
    expect(three.body.data.companies).toEqual([]);
    const byTheme = await postGraphQL(
      server.url,
      '{ companies(where: { events: { some: { themes: { some: { id: { eq: "theme:hrdd" } } } } } }) { id } }',
    );
    expect(byTheme.body.errors).toBeUndefined();
    expect(byTheme.body.data.companies.length).toBeGreaterThan(0);
  });

  // Expanding the bomb would never finish: a refusal that came only after expanding it would fail this test by
  // its timeout. How fast the refusal comes is not asserted (the machine is shared).
  it("refuses a fragment bomb (2^30 fields from 30 small fragments) by cost, before expanding it", async () => {
    const levels = 30;
    const fragments = Array.from({ length: levels }, (_, level) =>
      level === levels - 1
        ? `fragment F${level} on Company { id }`
        : `fragment F${level} on Company { ...F${level + 1} ... on Company { ...F${level + 1} } }`,
    );
    const { status, body } = await postGraphQL(server.url, `{ companies { ...F0 } } ${fragments.join(" ")}`);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: "LIMIT_EXCEEDED", limit: "GRAPHQL_MAX_COST" });
  });

  it("refuses a list size above GRAPHQL_MAX_LIMIT, written inline or passed as a variable", async () => {
    const inline = await postGraphQL(server.url, "{ companies(limit: 501) { id } }");
    expect(inline.body.errors?.[0]).toMatchObject({
      message: "companies asks for 501 rows, more than the maximum of 500 (GRAPHQL_MAX_LIMIT)",
      extensions: { code: "LIMIT_EXCEEDED", limit: "GRAPHQL_MAX_LIMIT" },
    });
    const viaVariable = await postGraphQL(
      server.url,
      "query Page($first: Int) { eventsConnection(first: $first) { edges { node { id } } } }",
      { first: 10_000 },
    );
    expect(viaVariable.body.errors?.[0]?.extensions?.limit).toBe("GRAPHQL_MAX_LIMIT");
  });

  it("answers a variable of the wrong type as the client's mistake (BAD_USER_INPUT, 400), not a server error", async () => {
    const { status, body } = await postGraphQL(
      server.url,
      'query Find($limit: Int) { search(phrase: "cop", limit: $limit) { id } }',
      { limit: "many" },
    );
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/Variable "\$limit" got invalid value "many"/),
      extensions: { code: "BAD_USER_INPUT" },
    });
  });

  it("refuses a document with more than GRAPHQL_MAX_TOKENS tokens before parsing it", async () => {
    const fields = Array.from({ length: 2_100 }, () => "id").join(" ");
    const { status, body } = await postGraphQL(server.url, `{ companies { ${fields} } }`);
    expect(status).toBe(400);
    expect(body.errors?.[0]).toMatchObject({
      message: "The query has more than 2000 tokens, the maximum (GRAPHQL_MAX_TOKENS)",
      extensions: { code: "LIMIT_EXCEEDED", limit: "GRAPHQL_MAX_TOKENS" },
    });
  });

  it("refuses a body larger than GRAPHQL_MAX_BODY_BYTES with 413, and a body that is not JSON with 400", async () => {
    const big = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `# ${"x".repeat(defaults.limits.maxBodyBytes)}\n{ companies { id } }` }),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({
      errors: [{ extensions: { code: "LIMIT_EXCEEDED", limit: "GRAPHQL_MAX_BODY_BYTES", maximum: 100_000 } }],
    });
    const broken = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{ not json",
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({
      errors: [{ message: "The request body is not valid JSON.", extensions: { code: "BAD_REQUEST" } }],
    });
  });

  it("keeps CSRF prevention on: a simple (form-like) request is refused", async () => {
    const response = await fetch(`${server.url}/graphql?query=${encodeURIComponent("{ companies { id } }")}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/);
  });

  it("answers introspection in development", async () => {
    const { body } = await postGraphQL(server.url, "{ __schema { queryType { name } } }");
    expect(body).toEqual({ data: { __schema: { queryType: { name: "Query" } } } });
  });
});

describe("limits set through the environment", () => {
  const api: ApiSettings = loadConfig({ GRAPHQL_DEFAULT_LIMIT: "3", GRAPHQL_MAX_LIMIT: "4" }).api;
  const server = serveAppForSuite({ api, before: (driver) => ensureSeeded(driver) });

  it("returns GRAPHQL_DEFAULT_LIMIT rows from every list, top-level and nested, when the query sets none", async () => {
    const { body } = await postGraphQL(server.url, "{ themes { id } programmes { events { id } } }");
    expect(body.errors).toBeUndefined();
    expect(body.data.themes).toHaveLength(3);
    const nestedSizes = body.data.programmes.map(
      (programme: { events: unknown[] }) => programme.events.length,
    );
    expect(Math.max(...nestedSizes)).toBe(3);
  });

  it("refuses a limit above GRAPHQL_MAX_LIMIT", async () => {
    const { body } = await postGraphQL(server.url, "{ themes(limit: 5) { id } }");
    expect(body.errors?.[0]?.message).toBe(
      "themes asks for 5 rows, more than the maximum of 4 (GRAPHQL_MAX_LIMIT)",
    );
  });
});

describe("the transaction timeout", () => {
  const removeProbes = async (driver: Driver) => {
    await driver.executeQuery(
      "MATCH (n:Entity) WHERE n.id STARTS WITH 'practice:timeout-' OR n.id = 'programme:timeout-probe' DETACH DELETE n",
    );
  };

  const server = serveAppForSuite({
    // The cost bound counts relationship filters and would refuse the query below before it ran: raised
    // here so that the query reaches Neo4j and the timeout is what stops it.
    api: loadConfig({ GRAPHQL_TIMEOUT_MS: "1", GRAPHQL_MAX_COST: "10000000" }).api,
    before: async (driver) => {
      await removeProbes(driver);
      // One programme using 3,000 practices: the nested filter below walks 3,000³ paths, far longer than the
      // 1 ms timeout (Neo4j checks timeouts every couple of seconds, so the query must outlast that too).
      await driver.executeQuery(`
        CREATE (programme:Programme:Entity {id: 'programme:timeout-probe', name: 'Timeout probe'})
        WITH programme UNWIND range(1, 3000) AS i
        CREATE (programme)-[:USES_PRACTICE {factId: 'fact:timeout-probe', basis: 'STATED'}]->
               (:Practice:Entity {id: 'practice:timeout-' + i, name: 'Timeout probe ' + i})`);
    },
    after: removeProbes,
  });

  it("stops a query that runs longer than GRAPHQL_TIMEOUT_MS on the server, with TIMEOUT", async () => {
    const { status, body } = await postGraphQL(
      server.url,
      `{ practices(where: { id: { startsWith: "practice:timeout-" }, programmes: { some: { practices: { some: {
          programmes: { some: { practices: { some: { name: { endsWith: "never" } } } } } } } } } }) { id } }`,
    );
    expect(body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(
        /^The query ran longer than 1 ms and was stopped \(GRAPHQL_TIMEOUT_MS\)/,
      ),
      extensions: { code: "TIMEOUT", limit: "GRAPHQL_TIMEOUT_MS" },
    });
    expect(status).toBe(504);
  });
});

describe("errors in production", () => {
  const production = loadConfig({ NODE_ENV: "production" }).api;
  // A database that does not exist makes every query fail inside Neo4j: an internal error.
  const maskedServer = serveAppForSuite({ api: production, database: "nosuchdatabase" });
  const openServer = serveAppForSuite({
    api: loadConfig({ GRAPHQL_ERROR_DETAILS: "true" }).api,
    database: "nosuchdatabase",
  });

  it("shows internals only when GRAPHQL_ERROR_DETAILS asks for them", async () => {
    const { body } = await postGraphQL(openServer.url, "{ companies { id } }");
    expect(body.errors?.[0]?.message).toMatch(/nosuchdatabase/);
    expect(body.errors?.[0]?.extensions?.stacktrace).toBeDefined();
  });

  it("masks them in production: no stack, no driver message, no Cypher", async () => {
    const { body } = await postGraphQL(maskedServer.url, "{ companies { id } }");
    expect(body.errors).toEqual([
      {
        message: "Internal server error",
        locations: [{ line: 1, column: 3 }],
        path: ["companies"],
        extensions: { code: "INTERNAL_SERVER_ERROR" },
      },
    ]);
    expect(JSON.stringify(body)).not.toMatch(/nosuchdatabase|MATCH|stacktrace/);
  });

  it("still tells clients what they did wrong, and closes introspection", async () => {
    const wrong = await postGraphQL(maskedServer.url, "{ companies { nosuchfield } }");
    expect(wrong.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/Cannot query field "nosuchfield" on type "Company"/),
      extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
    });
    const introspection = await postGraphQL(maskedServer.url, "{ __schema { queryType { name } } }");
    expect(introspection.body.errors?.[0]?.message).toMatch(/introspection is not allowed/i);
    expect(JSON.stringify(introspection.body)).not.toMatch(/stacktrace/);
  });
});
