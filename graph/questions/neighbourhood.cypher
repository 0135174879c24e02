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
