// The imports in parts whose tags are still on records (src/importer/write.ts): `complete` when the run's
// ImportRun mark says its last part was committed (only its tags are left to remove), else its records are
// deleted. Both look-ups use the importRun indexes of graph/constraints.cypher.
CALL () {
  MATCH (n:Entity) WHERE n.importRun IS NOT NULL RETURN DISTINCT n.importRun AS run
  UNION
  MATCH (n:Fact) WHERE n.importRun IS NOT NULL RETURN DISTINCT n.importRun AS run
}
OPTIONAL MATCH (m:ImportRun {id: run})
RETURN run, m IS NOT NULL AS complete
