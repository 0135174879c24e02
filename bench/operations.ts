import { readFileSync } from "node:fs";
import path from "node:path";
import neo4j, { type Driver } from "neo4j-driver";
import { projectRoot } from "../src/config.ts";

/**
 * The read operations the benchmark times: each named operation of the API (graph/operations/*.graphql,
 * sent as written) beside the Cypher a person would write by hand for the same answer (same rows, fields,
 * order and limits; for the API's `@cypher` fields, their own statement).
 */
export interface BenchOperation {
  name: string;
  /** What it answers, for the report. */
  description: string;
  /** The GraphQL document sent to /graphql, and the operation in it to run. */
  graphql: string;
  operationName: string;
  /** The hand-written Cypher that returns the same data. */
  cypher: string;
  /** Variables of the i-th GraphQL call. */
  variables: (i: number) => Record<string, unknown>;
  /** Parameters of the i-th Cypher call (the GraphQL defaults made explicit). */
  parameters: (i: number) => Record<string, unknown>;
  /** Why its latency may grow with the graph (its answer, or the work it must do, grows), if it may. */
  grows?: string;
}

/** Ids the operations are called with, read from the graph: spread over each type's whole id range. */
export interface Samples {
  expert: string[];
  company: string[];
  entity: string[];
  fact: string[];
}

const sampleCount = 64;

/**
 * Reads sample ids from the graph by index (synthetic ids are `<type>:synthetic-<n>`): a fixed stride walks
 * the whole range, so hubs (low n, which the generator links most) and leaves both appear.
 */
export async function readSamples(driver: Driver, counts: Record<string, number>): Promise<Samples> {
  const ids = (type: string) =>
    Array.from(
      { length: sampleCount },
      (_, i) => `${type.toLowerCase()}:synthetic-${(i * 7919 + 13) % Math.max(1, counts[type] ?? 1)}`,
    );
  const { records } = await driver.executeQuery(
    `UNWIND $ids AS id
     MATCH (:Representative {id: id})-[r:REPRESENTS]->()
     RETURN r.factId AS factId`,
    { ids: ids("Representative") },
    { database: "neo4j", routing: neo4j.routing.READ },
  );
  const companies = ids("Company");
  return {
    expert: ids("Expert"),
    company: companies,
    // The neighbourhood starts from companies, events and themes in turn.
    entity: companies.map(
      (id, i) => (i % 3 === 1 ? ids("Event")[i] : i % 3 === 2 ? ids("Theme")[i] : id) ?? id,
    ),
    fact: records.map((record) => record.get("factId") as string),
  };
}

const months = Array.from({ length: 120 }, (_, i) => {
  const year = 2015 + Math.floor(i / 12);
  const month = (i % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, "0");
  return { from: `${year}-${pad(month)}-01`, to: `${year}-${pad(month)}-${pad(last)}` };
});

const searchPhrases = [
  "privacy",
  "remedy surveillance",
  "grievance",
  "encryption",
  "minerals",
  "election data",
];

/** Rows a list returns when the query names no limit (GRAPHQL_DEFAULT_LIMIT's default). */
const defaultLimit = 50;

function operationFile(file: string): string {
  return readFileSync(path.join(projectRoot, "graph", "operations", file), "utf8");
}

/** Cypher LIMITs want integers; a JavaScript number travels as a float. */
const int = (n: number) => neo4j.int(n);

const pick = <T>(items: T[], i: number): T => items[i % items.length] as T;

/** The named operations, with variables drawn from the samples. */
export function benchOperations(samples: Samples): BenchOperation[] {
  const L = defaultLimit;
  return [
    {
      name: "ExpertThemes",
      description:
        "experts ↔ themes: one expert's themes, through which events, with the evidence of each step",
      operationName: "ExpertThemes",
      graphql: operationFile("expert-themes.graphql"),
      variables: (i) => ({ expertId: pick(samples.expert, i) }),
      parameters: (i) => ({ expertId: pick(samples.expert, i), themeId: null }),
      cypher: `MATCH (expert:Expert)-[took:PARTICIPATED_IN]->(event:Event)-[had:HAS_THEME]->(theme:Theme)
WHERE ($expertId IS NULL OR expert.id = $expertId) AND ($themeId IS NULL OR theme.id = $themeId)
CALL (took) {
  MATCH (fact:Fact {id: took.factId})-[c:CITED_IN]->(source:Source)
  RETURN collect({sourceId: source.id, sourceTitle: source.title, section: c.section, quote: c.quote, basis: c.basis, reason: c.reason}) AS tookCitations
}
CALL (had) {
  MATCH (fact:Fact {id: had.factId})-[c:CITED_IN]->(source:Source)
  RETURN collect({sourceId: source.id, sourceTitle: source.title, section: c.section, quote: c.quote, basis: c.basis, reason: c.reason}) AS hadCitations
}
WITH expert, theme, event, took, had, tookCitations, hadCitations
ORDER BY expert.name, theme.name, event.startDate, event.id
WITH expert, theme, collect({
  event: {id: event.id, name: event.name}, startDate: event.startDate,
  participation: {factId: took.factId, basis: took.basis, citations: tookCitations},
  themeOfEvent: {factId: had.factId, basis: had.basis, citations: hadCitations}
}) AS via
RETURN {expert: {id: expert.id, name: expert.name}, theme: {id: theme.id, name: theme.name}, via: via} AS link`,
    },
    {
      name: "CompanyProfile",
      description:
        "a company: memberships, events by date, representatives, themes met, the 10 companies it met most",
      operationName: "CompanyProfile",
      graphql: operationFile("company-profile.graphql"),
      variables: (i) => ({ id: pick(samples.company, i) }),
      parameters: (i) => ({ id: pick(samples.company, i), coParticipants: int(10), limit: int(L) }),
      grows: "co-participants are counted over every event of the company, and hubs gain events",
      cypher: `MATCH (c:Company {id: $id})
CALL (c) {
  MATCH (c)-[m:MEMBER_OF]->(p:Programme)
  WITH m, p LIMIT $limit
  RETURN collect({properties: m {.since, .factId, .basis}, node: p {.id, .name}}) AS memberships
}
CALL (c) {
  MATCH (c)-[x:PARTICIPATED_IN]->(e:Event)
  WITH x, e ORDER BY e.startDate ASC LIMIT $limit
  RETURN collect({properties: x {.factId, .basis}, node: e {.id, .name, .label, .date, .period}}) AS events
}
CALL (c) {
  MATCH (c)<-[x:REPRESENTS]-(r:Representative)
  WITH x, r LIMIT $limit
  RETURN collect({properties: x {.role, .factId, .basis}, node: r {.id, .name}}) AS representatives
}
CALL (c) {
  MATCH (c)-[:PARTICIPATED_IN]->(:Event)-[:HAS_THEME]->(theme:Theme)
  WITH DISTINCT theme ORDER BY theme.name LIMIT $limit
  RETURN collect(theme {.id, .name}) AS themesMet
}
CALL (c) {
  MATCH (c)-[:PARTICIPATED_IN]->(event:Event)<-[:PARTICIPATED_IN]-(other:Company)
  WHERE other <> c
  WITH DISTINCT other, event ORDER BY event.startDate, event.id
  WITH other, collect(event.id) AS eventIds
  ORDER BY size(eventIds) DESC, other.name LIMIT $coParticipants
  RETURN collect({company: other {.id, .name}, sharedEvents: size(eventIds), eventIds: eventIds}) AS coParticipants
}
RETURN c {.id, .name, .aliases, .description, .flags, memberships: memberships, events: events,
          representatives: representatives, themesMet: themesMet, coParticipants: coParticipants} AS company`,
    },
    {
      name: "Timeline",
      description: "the first 100 events overlapping a month, by date, with themes and participants",
      operationName: "Timeline",
      graphql: operationFile("timeline.graphql"),
      variables: (i) => pick(months, i * 37 + 60),
      parameters: (i) => ({ ...pick(months, i * 37 + 60), limit: int(100), listLimit: int(L) }),
      grows: "the events of a month grow with the graph until the month holds more than the 100 answered",
      cypher: `CALL () {
  UNWIND [back IN range(0, 12) | date.truncate('month', date($from)) - duration({months: back})] AS first
  WITH first WHERE first < date($from)
  MATCH (e:Event) USING INDEX e:Event(startDate, endDate)
  WHERE e.startDate = first AND e.endDate >= date($from)
  WITH e ORDER BY e.startDate, e.name LIMIT $limit
  RETURN collect(e) AS before
}
CALL () {
  MATCH (e:Event) WHERE date($from) <= e.startDate <= date($to)
  WITH e ORDER BY e.startDate, e.name LIMIT $limit
  RETURN collect(e) AS within
}
UNWIND (before + within)[0..$limit] AS e
CALL (e) { MATCH (e)-[:HAS_THEME]->(x:Theme) WITH x LIMIT $listLimit RETURN collect(x {.id, .name}) AS themes }
CALL (e) { MATCH (e)<-[:PARTICIPATED_IN]-(x:Company) WITH x LIMIT $listLimit RETURN collect(x {.id, .name}) AS companies }
CALL (e) { MATCH (e)<-[:PARTICIPATED_IN]-(x:Expert) WITH x LIMIT $listLimit RETURN collect(x {.id, .name}) AS experts }
CALL (e) { MATCH (e)<-[:PARTICIPATED_IN]-(x:Organization) WITH x LIMIT $listLimit RETURN collect(x {.id, .name}) AS organizations }
CALL (e) { MATCH (e)<-[:PARTICIPATED_IN]-(x:Representative) WITH x LIMIT $listLimit RETURN collect(x {.id, .name}) AS representatives }
RETURN e {.id, .name, .label, .kind, .status, .date, .period, .startDate, .endDate, themes: themes,
          companies: companies, experts: experts, organizations: organizations, representatives: representatives} AS event`,
    },
    {
      name: "Search",
      description: "full-text search over every type, best 20 hits first",
      operationName: "Search",
      graphql: operationFile("search.graphql"),
      variables: (i) => ({ phrase: pick(searchPhrases, i) }),
      parameters: (i) => ({ phrase: pick(searchPhrases, i), limit: int(20) }),
      cypher: `CALL db.index.fulltext.queryNodes('entity_search', $phrase, {limit: $limit}) YIELD node, score
RETURN node.id AS id, head([label IN labels(node) WHERE label <> 'Entity']) AS type, node.name AS name,
       node.description AS description, score
ORDER BY score DESC, node.id`,
    },
    {
      name: "Neighbourhood",
      description: "the 2-hop neighbourhood of a company, event or theme (at most 100 nodes) and its links",
      operationName: "Neighbourhood",
      graphql: operationFile("neighbourhood.graphql"),
      variables: (i) => ({ id: pick(samples.entity, i), depth: 2 }),
      parameters: (i) => ({ id: pick(samples.entity, i), depth: int(2), limit: int(100) }),
      cypher: `MATCH (center:Entity {id: $id})
CALL apoc.path.subgraphNodes(center, {maxLevel: $depth, labelFilter: '-Fact|-Source', limit: $limit + 1})
YIELD node
WITH center, collect(node) AS found
WITH center, found[0..$limit] AS nodes, size(found) > $limit AS truncated
CALL (nodes) {
  UNWIND nodes AS a
  MATCH (a)-[r]->(b)
  WHERE b IN nodes
  RETURN collect({type: type(r), from: a.id, to: b.id, factId: r.factId, basis: r.basis}) AS relationships
}
RETURN {
  center: {id: center.id, type: head([l IN labels(center) WHERE l <> 'Entity']), name: center.name},
  nodes: [n IN nodes | {id: n.id, type: head([l IN labels(n) WHERE l <> 'Entity']), name: n.name}],
  relationships: relationships, truncated: truncated
} AS neighbourhood`,
    },
    {
      name: "Aggregates",
      description:
        "events per theme, companies per event, experts per organisation (top 50 each), event count",
      operationName: "Aggregates",
      graphql: operationFile("aggregates.graphql"),
      variables: () => ({}),
      parameters: () => ({ limit: int(L) }),
      // The tallies are kept on the nodes by every write (graph/tallies/): each list is an index's first rows.
      cypher: `CALL () {
  MATCH (theme:Theme) WHERE theme.eventsTallyOrder IS NOT NULL
  WITH theme ORDER BY theme.eventsTallyOrder LIMIT $limit
  RETURN collect({entity: theme {.id, .name}, count: theme.eventsTally}) AS eventsPerTheme
}
CALL () {
  MATCH (event:Event) WHERE event.companiesTallyOrder IS NOT NULL
  WITH event ORDER BY event.companiesTallyOrder LIMIT $limit
  RETURN collect({entity: event {.id, .name}, count: event.companiesTally}) AS companiesPerEvent
}
CALL () {
  MATCH (organization:Organization) WHERE organization.expertsTallyOrder IS NOT NULL
  WITH organization ORDER BY organization.expertsTallyOrder LIMIT $limit
  RETURN collect({entity: organization {.id, .name}, count: organization.expertsTally}) AS expertsPerOrganization
}
CALL () { MATCH (event:Event) RETURN count(event) AS events }
RETURN eventsPerTheme, companiesPerEvent, expertsPerOrganization, events`,
    },
    {
      name: "Evidence",
      description: "one fact: subject, object, and every source's section, quote and basis",
      operationName: "Evidence",
      graphql: operationFile("evidence.graphql"),
      variables: (i) => ({ factId: pick(samples.fact, i) }),
      parameters: (i) => ({ factId: pick(samples.fact, i), limit: int(L) }),
      cypher: `MATCH (f:Fact {id: $factId})
CALL (f) { MATCH (f)-[:SUBJECT]->(s:Entity) RETURN collect(s {.id, .name, type: labels(s)}) AS subject }
CALL (f) { MATCH (f)-[:OBJECT]->(o:Entity) RETURN collect(o {.id, .name, type: labels(o)}) AS object }
CALL (f) {
  MATCH (f)-[c:CITED_IN]->(source:Source)
  WITH c, source LIMIT $limit
  RETURN collect({properties: c {.section, .quote, .basis, .reason}, node: source {.id, .title}}) AS sources
}
RETURN f {.id, .predicate, .basis, .flags, subject: subject, object: object, sources: sources} AS fact`,
    },
  ];
}
