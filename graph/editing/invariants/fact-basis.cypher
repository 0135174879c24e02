// A fact's basis, and its direct relationship's, is STATED exactly when one of its own citations is (not of
// its validity).
MATCH (f:Fact)-[c:CITED_IN]->(:Source) WHERE c.about IS NULL
WITH f, collect(c.basis) AS bases
WITH f, CASE WHEN 'STATED' IN bases THEN 'STATED' ELSE 'INFERRED' END AS basis
WHERE f.basis <> basis OR EXISTS {
  MATCH (:Entity {id: f.subjectId})-[r {factId: f.id}]->(:Entity {id: f.objectId}) WHERE r.basis <> basis
}
RETURN f.id AS id
