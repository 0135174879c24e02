// Streams {{procedure}} (gds.pageRank.stream or gds.louvain.stream) over the projection $graphName with
// $config and writes each node's {{column}} as its property {{property}}, with the time of the run $ranAt.
CALL {{procedure}}($graphName, $config) YIELD nodeId, {{column}}
WITH gds.util.asNode(nodeId) AS n, {{column}} AS value
SET n.{{property}} = value, n.{{property}}At = datetime($ranAt)
RETURN count(n) AS nodes
