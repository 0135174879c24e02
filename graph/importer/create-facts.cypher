// Creates facts the graph does not hold, at least one of whose entities it held before this run, of any
// predicate in one statement. The Fact node, its links and citations are CREATEd; the direct relationship is
// merged, as a write through the API may have joined the two entities already. apoc.merge.relationship merges
// it with the row's predicate as its type: Neo4j 5.26's MERGE on a dynamic type scans every relationship.
UNWIND $rows AS row
MATCH (subject:Entity {id: row.subject})
MATCH (object:Entity {id: row.object})
CREATE (f:Fact {id: row.id})
SET f += row.props, f.importHash = row.hash, f.importRun = $run
CREATE (f)-[:SUBJECT]->(subject)
CREATE (f)-[:OBJECT]->(object)
WITH subject, object, f, row
CALL apoc.merge.relationship(subject, row.predicate, {}, {}, object, {}) YIELD rel AS r
SET r += row.relationshipProps, r.factId = row.id, r.basis = row.props.basis
WITH f, row
UNWIND row.citations AS citation
MATCH (source:Source {id: citation.sourceId})
CREATE (f)-[:CITED_IN {section: citation.section, quote: citation.quote,
                       basis: citation.basis, reason: citation.reason, about: citation.about}]->(source)
