// The records (entities and facts) that cite any of `$sources`: those whose statements a re-import, a
// `--remove` or a source's new rank may change.
UNWIND $sources AS sourceId
MATCH (:Source {id: sourceId})<-[:CITED_IN]-(n)
RETURN DISTINCT n.id AS id
