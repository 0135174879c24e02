// The heap a projection of $nodeCount nodes and $relationshipCount relationships needs, reserved before it loads.
CALL gds.graph.project.estimate('*', '*', {nodeCount: $nodeCount, relationshipCount: $relationshipCount, readConcurrency: 1}) YIELD bytesMax RETURN bytesMax
