// The ids along the path with fewest links from $from to $to in the projection $graphName (none: no row).
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
CALL gds.shortestPath.dijkstra.stream($graphName, {sourceNode: a, targetNode: b, jobId: $jobId})
YIELD nodeIds
RETURN [nodeId IN nodeIds | gds.util.asNode(nodeId).id] AS ids
