// The entities of $ids that the selectors keep ($asOf: their validity holds that day, an event once begun;
// $source: that source cites them), each with its type, its properties (as merged from every source) and
// every citation of it, ordered by source, section and quote.
MATCH (n:Entity) WHERE n.id IN $ids AND NOT n:Source AND {{selectedEntity(n)}}
OPTIONAL MATCH (n)-[c:CITED_IN]->(s:Source)
WITH n, c, s ORDER BY s.id, c.section, c.quote
RETURN n.id AS id, [label IN labels(n) WHERE label <> 'Entity'][0] AS type, properties(n) AS properties,
       [x IN collect(CASE WHEN s IS NULL THEN null ELSE {source: s.id, sourceTitle: s.title, section: c.section,
          quote: c.quote, basis: c.basis, reason: c.reason} END) WHERE x IS NOT NULL] AS evidence
