// The facts that stay (not in `$deleted`) but join an entity about to be deleted, with the sources that
// still state them: such a deletion is refused, naming each fact and what to do.
UNWIND $ids AS id
MATCH (e:Entity {id: id})<-[end:SUBJECT|OBJECT]-(f:Fact)
WHERE NOT f.id IN $deleted
RETURN f.id AS fact, e.id AS entity, toLower(type(end)) AS end,
       [(f)-[:CITED_IN]->(s:Source) | s.id] AS sources
ORDER BY fact, end
