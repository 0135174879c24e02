// The entity $id and every entity within $depth direct relationships of it (types $filter, e.g.
// "MEMBER_OF|HAS_THEME", either direction).
MATCH (start:Entity {id: $id})
CALL apoc.path.subgraphNodes(start, {relationshipFilter: $filter, maxLevel: $depth}) YIELD node AS n
WITH n WHERE NOT n:Source
RETURN n.id AS id
