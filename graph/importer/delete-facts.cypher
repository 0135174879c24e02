// Deletes facts no source states any more, each with its direct relationship (found by its factId).
UNWIND $ids AS id
MATCH (f:Fact {id: id})
OPTIONAL MATCH (:Entity {id: f.subjectId})-[r {factId: f.id}]->()
DELETE r
DETACH DELETE f
