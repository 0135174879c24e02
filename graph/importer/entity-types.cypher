// The type of each entity a fact refers to that the run does not define (null when the graph lacks it):
// the importer checks that it exists and that the predicate may join the two types.
UNWIND $ids AS id
OPTIONAL MATCH (n:Entity {id: id})
RETURN id, [label IN labels(n) WHERE label <> 'Entity'][0] AS type
