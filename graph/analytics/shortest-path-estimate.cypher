// The heap GDS says the shortest path from $from to $to in the projection $graphName needs.
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
CALL gds.shortestPath.dijkstra.stream.estimate($graphName, {sourceNode: a, targetNode: b})
YIELD bytesMax
RETURN bytesMax
