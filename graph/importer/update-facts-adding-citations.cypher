// Writes the facts of a write through the editing API that the graph holds in another version, as
// update-facts does, except that the row's citations are added to the fact's: one with the same source,
// section and quote is updated in place, the others stay.
UNWIND $rows AS row
MATCH (subject:Entity {id: row.subject})
MATCH (object:Entity {id: row.object})
MERGE (f:Fact {id: row.id})
SET f += row.props, f.importHash = row.hash, f.importRun = $run
MERGE (f)-[:SUBJECT]->(subject)
MERGE (f)-[:OBJECT]->(object)
MERGE (subject)-[r:$(row.predicate)]->(object)
SET r += row.relationshipProps, r.factId = row.id, r.basis = row.props.basis
WITH f, row
UNWIND row.citations AS citation
MATCH (source:Source {id: citation.sourceId})
MERGE (f)-[cited:CITED_IN {section: citation.section, quote: citation.quote}]->(source)
SET cited.basis = citation.basis, cited.reason = citation.reason, cited.about = citation.about
