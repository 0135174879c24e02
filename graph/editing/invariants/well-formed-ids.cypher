// Every id is non-empty and well-formed (`<type>:<slug>`, `$idPattern`).
MATCH (n) WHERE NOT n:Fact AND NOT n:ImportRun AND NOT coalesce(n.id =~ $idPattern, false)
RETURN coalesce(n.id, elementId(n)) AS id
