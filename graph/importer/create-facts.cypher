// Creates facts the graph does not hold, at least one of whose entities it held before this run, of any
// predicate in one statement. The Fact node, its links and citations are CREATEd; the direct relationship is
// merged, as a write through the API may have joined the two entities already: its two ends are bound, so
// the MERGE on the row's predicate as a dynamic type expands between them (Expand(Into) in the plan).
UNWIND $rows AS row
MATCH (subject:Entity {id: row.subject})
MATCH (object:Entity {id: row.object})
CREATE (f:Fact {id: row.id})
SET f += row.props, f.importHash = row.hash, f.importRun = $run
CREATE (f)-[:SUBJECT]->(subject)
CREATE (f)-[:OBJECT]->(object)
MERGE (subject)-[r:$(row.predicate)]->(object)
SET r += row.relationshipProps, r.factId = row.id, r.basis = row.props.basis
WITH f, row
UNWIND row.citations AS citation
MATCH (source:Source {id: citation.sourceId})
CREATE (f)-[:CITED_IN {section: citation.section, quote: citation.quote,
                       basis: citation.basis, reason: citation.reason, about: citation.about}]->(source)
