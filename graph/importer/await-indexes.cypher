// Waits until every index is online (at most 300 s), after constraints or indexes were created: the
// import's MERGEs and the API's search rely on them.
CALL db.awaitIndexes(300)
