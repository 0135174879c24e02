// Relationships per type from Neo4j's count store: the most a projection of stored types can load.
CALL apoc.meta.stats() YIELD relTypesCount RETURN relTypesCount
