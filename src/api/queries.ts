// The questions the generated API cannot answer in one request: paths expert → event → theme with their
// evidence, co-participation counts, ranked full-text search, and bounded neighbourhoods. Each is a
// `@cypher` field, so @neo4j/graphql runs it with the same session, auth and timeout as everything else.
// Summary rows are plain types of scalars (ids, names, counts): a client follows an id with the generated
// queries for more, and never meets a half-filled node type.
import type { FeatureModule } from "../feature-module.ts";

// String.raw: the Cypher below contains regular-expression backslashes that must reach Neo4j unchanged.
const typeDefs = String.raw`
"An entity as a summary row: its id, its type (the GraphQL type name) and its name."
type EntityRef {
  id: ID!
  type: String!
  name: String!
}

"One source's support for a fact: where it says it, the verbatim quote, stated or inferred and why."
type CitationRef {
  sourceId: ID!
  sourceTitle: String!
  section: String!
  quote: String!
  basis: Basis!
  reason: String
}

"The evidence of one fact: its id (a Fact node), its strongest basis and every citation."
type Evidence {
  factId: ID!
  basis: Basis!
  citations: [CitationRef!]!
}

"How an expert reaches a theme through one event: the expert took part in it, and the event had the theme."
type ExpertThemeStep {
  event: EntityRef!
  "The event's day, or the first day of its period."
  startDate: Date
  participation: Evidence!
  themeOfEvent: Evidence!
}

"An expert and a theme they met, with every event that connects them."
type ExpertThemeLink {
  expert: EntityRef!
  theme: EntityRef!
  via: [ExpertThemeStep!]!
}

"Another company that took part in the same events, and how many."
type CoParticipation {
  company: EntityRef!
  sharedEvents: Int!
  eventIds: [ID!]!
}

"A full-text search hit, best first."
type SearchHit {
  id: ID!
  "The GraphQL type of the hit: Company, Event, Theme…"
  type: String!
  name: String!
  description: String
  "Lucene's relevance score: higher is better; only comparable within one search."
  score: Float!
}

"A relationship of a neighbourhood, with the fact that holds its evidence."
type GraphRelationship {
  type: String!
  from: ID!
  to: ID!
  factId: ID
  basis: Basis
}

"Nodes and the relationships among them around one entity (Fact and Source nodes left out)."
type Neighbourhood {
  center: EntityRef!
  nodes: [EntityRef!]!
  relationships: [GraphRelationship!]!
  "True when the node limit cut the neighbourhood short."
  truncated: Boolean!
}

"Counts for one entity, for charts: e.g. events per theme."
type Tally {
  entity: EntityRef!
  count: Int!
}

extend type Company {
  "The themes of the events this company took part in."
  themesMet: [Theme!]!
    @cypher(
      statement: "MATCH (this)-[:PARTICIPATED_IN]->(:Event)-[:HAS_THEME]->(theme:Theme) RETURN DISTINCT theme ORDER BY theme.name"
      columnName: "theme"
    )
  "The companies it met most often: other participants of its events, most shared events first."
  coParticipants(limit: Int = 10): [CoParticipation!]!
    @cypher(
      statement: """
      MATCH (this)-[:PARTICIPATED_IN]->(event:Event)<-[:PARTICIPATED_IN]-(other:Company)
      WHERE other <> this
      WITH DISTINCT other, event ORDER BY event.startDate, event.id
      WITH other, collect(event.id) AS eventIds
      ORDER BY size(eventIds) DESC, other.name
      LIMIT $limit
      RETURN {company: {id: other.id, type: 'Company', name: other.name}, sharedEvents: size(eventIds), eventIds: eventIds} AS row
      """
      columnName: "row"
    )
}

type Query {
  """
  Which experts met which themes through the events they took part in, with the evidence of each step.
  Give expertId for one expert's themes, themeId for one theme's experts, or neither for all.
  """
  expertThemes(expertId: ID, themeId: ID): [ExpertThemeLink!]!
    @cypher(
      statement: """
      MATCH (expert:Expert)-[took:PARTICIPATED_IN]->(event:Event)-[had:HAS_THEME]->(theme:Theme)
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
        event: {id: event.id, type: 'Event', name: event.name},
        startDate: event.startDate,
        participation: {factId: took.factId, basis: took.basis, citations: tookCitations},
        themeOfEvent: {factId: had.factId, basis: had.basis, citations: hadCitations}
      }) AS via
      RETURN {expert: {id: expert.id, type: 'Expert', name: expert.name}, theme: {id: theme.id, type: 'Theme', name: theme.name}, via: via} AS link
      """
      columnName: "link"
    )

  """
  Full-text search over the names, titles, labels, aliases and descriptions of every type, accents folded
  (telefonica finds Telefónica), best first. The phrase is taken as plain words: Lucene operators and
  special characters in it are escaped.
  """
  search(phrase: String!, limit: Int = 20): [SearchHit!]!
    @cypher(
      statement: """
      WITH trim(toLower(apoc.text.regreplace($phrase, '([+\\-&|!(){}\\[\\]^"~*?:\\\\/])', '\\\\$1'))) AS terms
      CALL (terms) {
        WITH terms WHERE terms <> ''
        CALL db.index.fulltext.queryNodes('entity_search', terms, {limit: $limit}) YIELD node, score
        RETURN node, score
      }
      RETURN {
        id: node.id, type: head([label IN labels(node) WHERE label <> 'Entity']), name: node.name,
        description: node.description, score: score
      } AS hit
      ORDER BY score DESC, node.id
      """
      columnName: "hit"
    )

  """
  The entities within depth 1 to 3 of one entity and the relationships among them, for drawing. Fact and
  Source nodes are left out (every entity cites the source, which would join everything to everything).
  At most limit nodes; truncated says when there were more. Null when no entity has that id.
  """
  neighbourhood(id: ID!, depth: Int = 1, limit: Int = 100): Neighbourhood
    @cypher(
      statement: """
      MATCH (center:Entity {id: $id})
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
        relationships: relationships,
        truncated: truncated
      } AS neighbourhood
      """
      columnName: "neighbourhood"
    )

  """
  The events that overlap the days between the arguments from and to (an event known only by its period
  counts when the period overlaps), by startDate then name: the events whose startDate is at most to and
  whose endDate is at least from, read through index seeks rather than every earlier event. It relies on
  what the importer writes (src/importer/plan.ts, dateRange): an event is a day, or a month, quarter, half
  or year that starts on the first of a month.
  """
  timeline(from: Date!, to: Date!, limit: Int = 100): [Event!]!
    @cypher(
      statement: """
      // An event that starts before from overlaps only if it is a period running into the range: a period
      // starts on the first of a month and lasts at most a year, so only the first days of the 12 months
      // before from can hold one; the (startDate, endDate) index seeks exactly those still running at from.
      // They all sort before the events starting within the range, so each part is ordered and cut apart.
      CALL () {
        UNWIND [back IN range(0, 12) | date.truncate('month', date($from)) - duration({months: back})] AS first
        WITH first WHERE first < date($from)
        MATCH (event:Event) USING INDEX event:Event(startDate, endDate)
        WHERE event.startDate = first AND event.endDate >= date($from)
        WITH event ORDER BY event.startDate, event.name LIMIT $limit
        RETURN collect(event) AS before
      }
      // The startDate index hands these over in date order: only the first $limit (and their ties on the
      // last day) are read, however many events the range holds.
      CALL () {
        MATCH (event:Event) WHERE date($from) <= event.startDate <= date($to)
        WITH event ORDER BY event.startDate, event.name LIMIT $limit
        RETURN collect(event) AS within
      }
      UNWIND (before + within)[0..$limit] AS event
      RETURN event
      """
      columnName: "event"
    )

  # The tallies read counts, not the graph: a relationship-type degree (getDegree, one read per node) where
  # only one type of node can be at the other end, and an expansion only from the smaller side otherwise.
  # They count relationships, and the importer writes one per fact, so a pair is counted once.

  "How many events each theme was discussed at, most first."
  eventsPerTheme(limit: Int = 50): [Tally!]!
    @cypher(
      statement: """
      // HAS_THEME comes from events and programmes: the theme's degree less its few programmes.
      CALL () {
        MATCH (:Programme)-[:HAS_THEME]->(theme:Theme)
        WITH theme, count(*) AS programmes
        RETURN apoc.map.fromPairs(collect([elementId(theme), programmes])) AS programmesOf
      }
      MATCH (theme:Theme)
      WITH theme, COUNT { (theme)<-[:HAS_THEME]-() } - coalesce(programmesOf[elementId(theme)], 0) AS count
      ORDER BY count DESC, theme.name LIMIT $limit
      RETURN {entity: {id: theme.id, type: 'Theme', name: theme.name}, count: count} AS tally
      """
      columnName: "tally"
    )

  "How many companies took part in each event, most first."
  companiesPerEvent(limit: Int = 50): [Tally!]!
    @cypher(
      statement: """
      // From the companies' side: events outnumber companies, and most events have no company.
      CALL () {
        MATCH (company:Company)-[:PARTICIPATED_IN]->(event)
        WITH event, count(DISTINCT company) AS count
        ORDER BY count DESC, event.startDate, event.name LIMIT $limit
        RETURN collect({entity: {id: event.id, type: 'Event', name: event.name}, count: count}) AS ranked
      }
      // Events no company took part in, read only when fewer than $limit events had one.
      CALL (ranked) {
        UNWIND CASE WHEN size(ranked) < $limit THEN [true] ELSE [] END AS needed
        MATCH (event:Event) WHERE NOT EXISTS { (event)<-[:PARTICIPATED_IN]-(:Company) }
        WITH event ORDER BY event.startDate, event.name LIMIT $limit
        RETURN collect({entity: {id: event.id, type: 'Event', name: event.name}, count: 0}) AS unranked
      }
      UNWIND (ranked + unranked)[0..$limit] AS tally
      RETURN tally
      """
      columnName: "tally"
    )

  "How many experts each organisation has (affiliated experts and delegations), most first."
  expertsPerOrganization(limit: Int = 50): [Tally!]!
    @cypher(
      statement: """
      // Only experts are AFFILIATED_WITH an organisation: its degree is the count.
      MATCH (organization:Organization)
      WITH organization, COUNT { (organization)<-[:AFFILIATED_WITH]-() } AS count
      ORDER BY count DESC, organization.name LIMIT $limit
      RETURN {entity: {id: organization.id, type: 'Organization', name: organization.name}, count: count} AS tally
      """
      columnName: "tally"
    )
}
`;

/** The API's own custom questions, composed into the schema like any feature module. */
export const queriesModule: FeatureModule = {
  typeDefs,
  argumentRanges: {
    neighbourhood: { depth: [1, 3], limit: [1, Number.POSITIVE_INFINITY] },
    search: { limit: [1, Number.POSITIVE_INFINITY] },
    coParticipants: { limit: [1, Number.POSITIVE_INFINITY] },
  },
};
