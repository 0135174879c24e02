// Writes the facts of an import that the graph holds in another version, of any predicate in one statement:
// the Fact node and its links merged, and the direct relationship, the row's predicate as a dynamic type
// between its two bound ends (an Expand(Into) in the plan). A fact this run only infers may be stated by a
// source imported earlier: the citations of the run's sources are replaced, the others stay, and the basis
// the plan merged from all of them wins.
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
CALL (f) {
  MATCH (f)-[old:CITED_IN]->(source:Source) WHERE source.id IN $runSources
  DELETE old
}
WITH f, row
UNWIND row.citations AS citation
MATCH (source:Source {id: citation.sourceId})
CREATE (f)-[:CITED_IN {section: citation.section, quote: citation.quote,
                       basis: citation.basis, reason: citation.reason, about: citation.about}]->(source)
