// The links of the bipartite projection $graphName, heaviest first (ties by the ends' ids), at most $limit,
// each with the middle nodes that make it: {{paths}} is the preset's statement
// (graph/analytics/bipartite-<preset>.cypher), run here with `source` and `target` bound.
CALL gds.graph.relationshipProperty.stream($graphName, 'weight') YIELD sourceNodeId, targetNodeId, propertyValue
WITH gds.util.asNode(sourceNodeId) AS source, gds.util.asNode(targetNodeId) AS target, propertyValue AS weight
ORDER BY weight DESC, source.id, target.id LIMIT $limit
CALL (source, target) {
  CALL (source, target) { {{paths}} }
  WITH DISTINCT m ORDER BY m.id
  RETURN collect({type: [label IN labels(m) WHERE label <> 'Entity'][0], id: m.id, name: coalesce(m.name, m.id)}) AS via
}
RETURN {type: [label IN labels(source) WHERE label <> 'Entity'][0], id: source.id, name: coalesce(source.name, source.id)} AS source,
       {type: [label IN labels(target) WHERE label <> 'Entity'][0], id: target.id, name: coalesce(target.name, target.id)} AS target,
       weight, via
