// Writes entities merged again from the statements that stay, with their new import digest.
UNWIND $rows AS row
MATCH (n:Entity {id: row.id})
SET n += row.props, n.importHash = row.hash
