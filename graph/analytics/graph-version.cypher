// Neo4j's count store (nodes per label, relationships per type): part of the version an answer is reused at.
CALL apoc.meta.stats() YIELD nodeCount, relCount, labels, relTypesCount RETURN nodeCount, relCount, labels, relTypesCount
