// Writes the sources or entities of a write through the editing API that the graph holds in another version,
// as update-nodes does, except that the row's citations are added to the node's: one with the same source,
// section and quote is updated in place, the others stay.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:$(row.type), n += row.props, n.importHash = row.hash, n.importRun = $run
WITH n, row
UNWIND row.citations AS citation
MATCH (source:Source {id: citation.sourceId})
MERGE (n)-[cited:CITED_IN {section: citation.section, quote: citation.quote}]->(source)
SET cited.basis = citation.basis, cited.reason = citation.reason, cited.about = citation.about
