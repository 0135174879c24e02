// Every fact has exactly one direct relationship of its predicate, from its subject to its object.
MATCH (f:Fact)
WITH f, COUNT {
  MATCH (s:Entity {id: f.subjectId})-[r]->(o:Entity {id: f.objectId})
  WHERE type(r) = f.predicate AND r.factId = f.id
} AS links
WHERE links <> 1
RETURN coalesce(f.id, elementId(f)) AS id
