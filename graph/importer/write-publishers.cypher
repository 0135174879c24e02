// Joins each source to the organization that published it (a source file's `publisher`).
UNWIND $rows AS row
MATCH (s:Source {id: row.sourceId}), (o:Organization {id: row.organizationId})
MERGE (o)-[:PUBLISHED]->(s)
