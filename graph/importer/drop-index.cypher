// Drops a full-text index of the model whose labels or properties changed (Neo4j cannot alter one). An
// index name cannot be a parameter: `{{index}}` is filled with the name of one of graph/constraints.cypher's
// indexes, never with input.
DROP INDEX {{index}} IF EXISTS
