// Every direct relationship joins two types its predicate may join (`$pairs`: `PREDICATE Subject->Object`).
MATCH (a)-[r]->(b) WHERE type(r) IN $predicates
WITH a, r, b, [label IN labels(a) WHERE label IN $types][0] AS from, [label IN labels(b) WHERE label IN $types][0] AS to
WHERE NOT coalesce(type(r) + ' ' + from + '->' + to IN $pairs, false)
RETURN coalesce(r.factId, type(r) + ' ' + coalesce(a.id, elementId(a)) + ' -> ' + coalesce(b.id, elementId(b))) AS id
