// Writes the sources or entities of an import that the graph holds in another version, of any type in one
// statement: MERGE on the static Entity label, whose uniqueness constraint it seeks (a MERGE on a dynamic
// label scans every node in Neo4j 5.26), then the row's type as a label. The citations of the run's sources
// (`$runSources`) are replaced by the row's, since a file states everything its source says; other sources'
// citations stay.
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:$(row.type), n += row.props, n.importHash = row.hash, n.importRun = $run
WITH n, row
CALL (n) {
  MATCH (n)-[old:CITED_IN]->(source:Source) WHERE source.id IN $runSources
  DELETE old
}
WITH n, row
UNWIND row.citations AS citation
MATCH (source:Source {id: citation.sourceId})
CREATE (n)-[:CITED_IN {section: citation.section, quote: citation.quote,
                       basis: citation.basis, reason: citation.reason, about: citation.about}]->(source)
