// Removes the run's tag from the entities of a complete import in parts, in transactions of their own.
MATCH (n:Entity) WHERE n.importRun = $run
CALL (n) { REMOVE n.importRun } IN TRANSACTIONS OF 10000 ROWS
