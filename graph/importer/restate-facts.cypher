// Writes facts merged again from the statements that stay, their direct relationship (found by its factId)
// included: its properties and basis follow the fact's.
UNWIND $rows AS row
MATCH (f:Fact {id: row.id})
SET f += row.props, f.importHash = row.hash
WITH f, row
MATCH (:Entity {id: f.subjectId})-[r {factId: f.id}]->(:Entity {id: f.objectId})
SET r += row.relationshipProps, r.basis = row.props.basis
