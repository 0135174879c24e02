// What the graph holds of a plan's facts: each one's import digest and its statements per source.
UNWIND $ids AS id
MATCH (n:Fact {id: id})
RETURN n.id AS id, n.importHash AS hash, n.statements AS statements
