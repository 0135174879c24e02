// Deletes the entities an incomplete import in parts created, after its facts (discard-run-facts).
MATCH (n:Entity) WHERE n.importRun = $run
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
