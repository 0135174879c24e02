// Removes the run's tag from the facts of a complete import in parts, in transactions of their own.
MATCH (n:Fact) WHERE n.importRun = $run
CALL (n) { REMOVE n.importRun } IN TRANSACTIONS OF 10000 ROWS
