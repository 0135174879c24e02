// Node similarity (Jaccard) over the projection $graphName with $config: the pairs including $nodeId (null:
// every pair), each pair once, most alike first, at most $limit.
CALL gds.nodeSimilarity.stream($graphName, $config) YIELD node1, node2, similarity
WITH gds.util.asNode(node1) AS a, gds.util.asNode(node2) AS b, similarity
WHERE $nodeId IS NULL OR a.id = $nodeId
// GDS answers a pair once from each side when each is in the other's top K: keep it once.
WITH CASE WHEN $nodeId IS NULL AND a.id > b.id THEN [b, a] ELSE [a, b] END AS pair, similarity
WITH DISTINCT pair[0] AS a, pair[1] AS b, similarity
RETURN {type: [label IN labels(a) WHERE label <> 'Entity'][0], id: a.id, name: coalesce(a.name, a.id)} AS node1,
       {type: [label IN labels(b) WHERE label <> 'Entity'][0], id: b.id, name: coalesce(b.name, b.id)} AS node2,
       similarity
ORDER BY similarity DESC, node1.id, node2.id
LIMIT $limit
