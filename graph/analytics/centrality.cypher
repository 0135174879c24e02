// Streams a centrality algorithm ({{procedure}}: the registry's GDS procedure, e.g. gds.pageRank.stream) over
// the projection $graphName with $config, keeps the nodes of the types $types (null: every type), and answers
// how many got a score and the first $limit of them, highest first (ties by id).
CALL {{procedure}}($graphName, $config) YIELD nodeId, score
WITH gds.util.asNode(nodeId) AS n, score
WHERE $types IS NULL OR any(label IN labels(n) WHERE label IN $types)
WITH n, score ORDER BY score DESC, n.id
WITH collect({node: {type: [label IN labels(n) WHERE label <> 'Entity'][0], id: n.id, name: coalesce(n.name, n.id)}, score: score}) AS rows
RETURN size(rows) AS total, rows[0..$limit] AS rows
