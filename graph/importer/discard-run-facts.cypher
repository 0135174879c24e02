// Deletes the facts an incomplete import in parts created (tagged with its run), each with its direct
// relationship, in transactions of their own: the run may have written more than one transaction holds.
MATCH (f:Fact) WHERE f.importRun = $run
CALL (f) {
  OPTIONAL MATCH (:Entity {id: f.subjectId})-[r {factId: f.id}]->()
  DELETE r
  DETACH DELETE f
} IN TRANSACTIONS OF 5000 ROWS
