// The entities an import in parts touched (graph/tallies/refresh.cypher recounts them once its last part is
// in): those it wrote, and both ends of the facts it wrote, found by the run's tag.
CALL () {
  MATCH (n:Entity) WHERE n.importRun = $run
  RETURN n.id AS id
  UNION
  MATCH (f:Fact) WHERE f.importRun = $run
  UNWIND [f.subjectId, f.objectId] AS id
  RETURN id
}
RETURN collect(id) AS ids
