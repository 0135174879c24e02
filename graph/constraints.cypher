// Constraints and indexes the graph relies on. The importer runs each statement (idempotent: IF NOT EXISTS)
// before it writes anything. One statement per paragraph; `//` lines are comments.

// Every node the importer writes carries the `Entity` label beside its type, so that a fact can find its
// subject and object by id whatever their type, and ids are unique across types.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;

// Every `@node` type of schema.graphql (Source and Fact included) has a uniqueness constraint on `id` too,
// named `<type>_id` (`company_id`, `fact_id`): src/model/ writes this statement once per type, `$NodeType`
// the type and `$node_type` its name in snake case, and runs them before the others, so a new type needs no
// line here.
CREATE CONSTRAINT $node_type_id IF NOT EXISTS FOR (n:$NodeType) REQUIRE n.id IS UNIQUE;

// Timelines filter and sort events by date.
CREATE INDEX event_start_date IF NOT EXISTS FOR (n:Event) ON (n.startDate);

// The timeline's periods that began before a range and run into it: equality on startDate, range on endDate.
CREATE INDEX event_start_end IF NOT EXISTS FOR (n:Event) ON (n.startDate, n.endDate);

// An import too big for one transaction is written in parts and tags what it creates until it is complete;
// the next import finds the tags of an interrupted one (src/importer/write.ts).
CREATE INDEX entity_import_run IF NOT EXISTS FOR (n:Entity) ON (n.importRun);

CREATE INDEX fact_import_run IF NOT EXISTS FOR (n:Fact) ON (n.importRun);

// Evidence look-ups by the fact a relationship points at.
CREATE INDEX fact_predicate IF NOT EXISTS FOR (n:Fact) ON (n.predicate);

// The tallies' keys (graph/tallies/refresh.cypher): the ranked questions read their first rows in index order.
CREATE INDEX theme_events_tally IF NOT EXISTS FOR (n:Theme) ON (n.eventsTallyOrder);

CREATE INDEX event_companies_tally IF NOT EXISTS FOR (n:Event) ON (n.companiesTallyOrder);

CREATE INDEX organization_experts_tally IF NOT EXISTS FOR (n:Organization) ON (n.expertsTallyOrder);

// Full-text search over every type, accents folded (`telefonica` finds Telefónica). `$entityTypes` is not a
// parameter: src/model/ writes in the model's types (every `@node` type of schema.graphql that implements
// `Entity`), so a new type is searchable without an edit here. At start, an index whose labels or properties
// differ from these is dropped and created again (Neo4j cannot alter a full-text index).
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS
FOR (n:$entityTypes)
ON EACH [n.name, n.description, n.title, n.label, n.aliasText]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-folding', `fulltext.eventually_consistent`: false } };
