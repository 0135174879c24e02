// What the graph holds of a plan's sources and entities: each one's import digest (an unchanged record is
// not written again) and its statements per source (merged with the run's).
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, n.importHash AS hash, n.statements AS statements
