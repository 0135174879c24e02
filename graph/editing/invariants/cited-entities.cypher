// Every entity (but a source) has at least one citation.
MATCH (n:Entity) WHERE NOT n:Source AND NOT EXISTS { (n)-[:CITED_IN]->(:Source) }
RETURN coalesce(n.id, elementId(n)) AS id
