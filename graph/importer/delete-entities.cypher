// Deletes entities no source states any more, with their citations (their facts went first, or the deletion
// was refused: facts-losing-an-end).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
DETACH DELETE n
