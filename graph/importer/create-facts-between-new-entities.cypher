// Creates facts whose two entities this run creates, of any predicate in one statement: the Fact node, its
// SUBJECT and OBJECT links, its direct relationship (the row's `predicate`, a predicate of the model, as its
// type) and its citations. All CREATEd: neither the fact nor any relationship between two new entities can
// exist yet.
UNWIND $rows AS row
MATCH (subject:Entity {id: row.subject})
MATCH (object:Entity {id: row.object})
CREATE (f:Fact {id: row.id})
SET f += row.props, f.importHash = row.hash, f.importRun = $run
CREATE (f)-[:SUBJECT]->(subject)
CREATE (f)-[:OBJECT]->(object)
CREATE (subject)-[r:$(row.predicate)]->(object)
SET r += row.relationshipProps, r.factId = row.id, r.basis = row.props.basis
WITH f, row
UNWIND row.citations AS citation
MATCH (source:Source {id: citation.sourceId})
CREATE (f)-[:CITED_IN {section: citation.section, quote: citation.quote,
                       basis: citation.basis, reason: citation.reason, about: citation.about}]->(source)
