// Creates the sources or entities a plan adds, of any type in one statement: each row's `type`, a type of the
// model (never input), is the node's label beside Entity. CREATE rather than MERGE: the look-up in the same
// transaction found none of these ids. Each citation is created to its source; `$run` tags what an import in
// parts creates (null otherwise).
UNWIND $rows AS row
CREATE (n:Entity:$(row.type) {id: row.id})
SET n += row.props, n.importHash = row.hash, n.importRun = $run
WITH n, row
UNWIND row.citations AS citation
MATCH (source:Source {id: citation.sourceId})
CREATE (n)-[:CITED_IN {section: citation.section, quote: citation.quote,
                       basis: citation.basis, reason: citation.reason, about: citation.about}]->(source)
