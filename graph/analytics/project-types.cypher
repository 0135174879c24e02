// Projects, under $graphName, the stored relationships of the types $relationshipTypes between nodes of the
// types $nodeTypes, both ends and the relationship kept by the selectors $asOf and $source. Parallel
// relationships become one link weighted by their number; every node of those types is loaded, with or
// without links, so that isolated nodes get their (zero) scores too. $orientation: NATURAL, REVERSE (each link
// turned round) or UNDIRECTED (an undirected link is loaded once per pair, whichever way it is stored).
// $weighted: load the weight. The weight is loaded only when an algorithm will read it, and with one builder
// thread: GDS 2.13's Cypher aggregation allocates its pages up front, per thread and per property (36 MiB for
// the 81-node seed with four threads and a weight, 1.2 MiB with one thread and none; src/analytics/memory.ts).
MATCH (s:Entity)
WHERE any(label IN labels(s) WHERE label IN $nodeTypes) AND {{selectedEntity(s)}}
OPTIONAL MATCH (s)-[r]->(t:Entity)
  WHERE type(r) IN $relationshipTypes AND any(label IN labels(t) WHERE label IN $nodeTypes)
    AND {{selectedFact(r)}} AND {{selectedEntity(t)}}
WITH s, t, count(r) AS weight
WITH CASE WHEN t IS NULL THEN [s, t]
          WHEN $orientation = 'REVERSE' THEN [t, s]
          WHEN $orientation = 'UNDIRECTED' AND elementId(t) < elementId(s) THEN [t, s]
          ELSE [s, t] END AS pair, weight
WITH pair[0] AS s, pair[1] AS t, sum(weight) AS weight
WITH gds.graph.project($graphName, s, t, {
  sourceNodeLabels: [label IN labels(s) WHERE label <> 'Entity'],
  targetNodeLabels: CASE WHEN t IS NULL THEN [] ELSE [label IN labels(t) WHERE label <> 'Entity'] END,
  relationshipProperties: CASE WHEN t IS NULL OR NOT $weighted THEN {} ELSE {weight: toFloat(weight)} END,
  relationshipType: 'LINK'
}, {undirectedRelationshipTypes: CASE WHEN $orientation = 'UNDIRECTED' THEN ['*'] ELSE [] END, readConcurrency: 1}) AS graph
RETURN graph.nodeCount AS nodeCount, graph.relationshipCount AS relationshipCount
