// Projects, under $graphName, a bipartite preset: {{paths}} is the preset's statement
// (graph/analytics/bipartite-<preset>.cypher), whose rows are (linkSource, linkTarget, m) triples; a link's weight is
// the number of distinct middle nodes m that join its two ends. Every node of the two types ($nodeTypes, kept
// by the selectors $asOf and $source) is loaded, linked or not. $orientation REVERSE loads the links from
// target to source; UNDIRECTED both ways. $weighted: load the weight (see project-types.cypher on memory).
CALL () {
  CALL () { {{paths}} }
  WITH linkSource, linkTarget, count(DISTINCT m) AS weight
  RETURN CASE WHEN $orientation = 'REVERSE' THEN linkTarget ELSE linkSource END AS s,
         CASE WHEN $orientation = 'REVERSE' THEN linkSource ELSE linkTarget END AS t, weight
  UNION ALL
  MATCH (s:Entity)
  WHERE any(label IN labels(s) WHERE label IN $nodeTypes) AND {{selectedEntity(s)}}
  RETURN s, null AS t, 0 AS weight
}
WITH gds.graph.project($graphName, s, t, {
  sourceNodeLabels: [label IN labels(s) WHERE label <> 'Entity'],
  targetNodeLabels: CASE WHEN t IS NULL THEN [] ELSE [label IN labels(t) WHERE label <> 'Entity'] END,
  relationshipProperties: CASE WHEN t IS NULL OR NOT $weighted THEN {} ELSE {weight: toFloat(weight)} END,
  relationshipType: 'LINK'
}, {undirectedRelationshipTypes: CASE WHEN $orientation = 'UNDIRECTED' THEN ['*'] ELSE [] END, readConcurrency: 1}) AS graph
RETURN graph.nodeCount AS nodeCount, graph.relationshipCount AS relationshipCount
