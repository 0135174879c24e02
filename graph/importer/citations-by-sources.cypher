// The citations the graph holds of records (entities or facts, by id) by the sources a write through the
// editing API cites: its citations are added to these rather than replacing them.
UNWIND $ids AS id
CALL (id) { MATCH (n:Entity {id: id}) RETURN n UNION MATCH (n:Fact {id: id}) RETURN n }
MATCH (n)-[c:CITED_IN]->(s:Source) WHERE s.id IN $sources
RETURN n.id AS id, s.id AS sourceId, c.section AS section, c.quote AS quote, c.basis AS basis,
       c.reason AS reason, c.about AS about
