// Ids are unique across every node.
MATCH (n) WHERE n.id IS NOT NULL
WITH n.id AS id, count(*) AS nodes WHERE nodes > 1
RETURN id
