// The names of the constraints the database has: before an import, the statements of graph/constraints.cypher
// whose name is among them are not run again (one look instead of a round trip per statement).
SHOW CONSTRAINTS YIELD name
RETURN collect(name) AS names
