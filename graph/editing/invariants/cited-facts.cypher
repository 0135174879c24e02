// Every fact has at least one citation.
MATCH (f:Fact) WHERE NOT EXISTS { (f)-[:CITED_IN]->(:Source) }
RETURN coalesce(f.id, elementId(f)) AS id
