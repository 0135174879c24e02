// Deletes the citations by `$drop` sources of records (entities or facts, by id): the first step of taking
// those sources' statements off them.
UNWIND $ids AS id
CALL (id) { MATCH (n:Entity {id: id}) RETURN n UNION MATCH (n:Fact {id: id}) RETURN n }
MATCH (n)-[c:CITED_IN]->(s:Source) WHERE s.id IN $drop
DELETE c
