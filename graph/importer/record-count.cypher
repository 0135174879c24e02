// How many entities and facts the graph holds, read from the counts store without touching a node: on an
// empty graph (the first `npm start`) an import has nothing to look up, no interrupted run and no record
// held, and skips those reads, each a statement a fresh server would plan cold.
RETURN COUNT { (:Entity) } + COUNT { (:Fact) } AS records
