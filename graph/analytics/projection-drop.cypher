// Drops a request's projection $name from the GDS catalog (no error when it is already gone).
CALL gds.graph.drop($name, false) YIELD graphName RETURN graphName
