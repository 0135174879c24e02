// What the graph holds of records to merge again (entities or facts, by id): their type or predicate and
// ends, their statements per source and their citations, from which the statements that stay are merged.
UNWIND $ids AS id
CALL (id) { MATCH (n:Entity {id: id}) RETURN n UNION MATCH (n:Fact {id: id}) RETURN n }
OPTIONAL MATCH (n)-[c:CITED_IN]->(s:Source)
WITH n, collect(CASE WHEN c IS NULL THEN null ELSE {sourceId: s.id, section: c.section, quote: c.quote,
                                                     basis: c.basis, reason: c.reason, about: c.about} END) AS citations
RETURN n.id AS id, n:Fact AS isFact, [label IN labels(n) WHERE label <> 'Entity'][0] AS type,
       n.predicate AS predicate, n.subjectId AS subject, n.objectId AS object,
       n.statements AS statements, citations
