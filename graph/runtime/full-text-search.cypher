// A search in one full-text index, counted: what the class-data archive's recording runs
// (src/neo4j-runtime/class-data.ts) so that a first search maps its classes from the archive.
CALL db.index.fulltext.queryNodes($index, $terms) YIELD node
RETURN count(node) AS hits
