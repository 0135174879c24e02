// The direct relationships (types $predicates) between entities of $ids, where the selectors keep the
// relationship and both its ends ($asOf: it holds that day; $source: that source cites its fact), each with
// its properties, its fact's flags and every citation of its fact, ordered by source, section and quote.
MATCH (a:Entity)-[r]->(b:Entity)
WHERE a.id IN $ids AND b.id IN $ids AND type(r) IN $predicates
  AND {{selectedFact(r)}} AND {{selectedEntity(a)}} AND {{selectedEntity(b)}}
OPTIONAL MATCH (f:Fact {id: r.factId})
OPTIONAL MATCH (f)-[c:CITED_IN]->(s:Source)
WITH a, r, b, f, c, s ORDER BY s.id, c.section, c.quote
RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS properties, f.flags AS flags,
       [x IN collect(CASE WHEN s IS NULL THEN null ELSE {source: s.id, sourceTitle: s.title, section: c.section,
          quote: c.quote, basis: c.basis, reason: c.reason} END) WHERE x IS NOT NULL] AS evidence
