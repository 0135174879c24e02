// Every direct relationship's factId resolves to the fact of its predicate and ends.
MATCH (a)-[r]->(b) WHERE type(r) IN $predicates
OPTIONAL MATCH (f:Fact {id: r.factId})
WITH a, r, b, f
WHERE f IS NULL OR f.predicate <> type(r) OR f.subjectId <> a.id OR f.objectId <> b.id
RETURN coalesce(r.factId, type(r) + ' ' + coalesce(a.id, elementId(a)) + ' -> ' + coalesce(b.id, elementId(b))) AS id
