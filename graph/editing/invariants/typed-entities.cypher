// Every node but a Fact has the Entity label and one type label, and its id starts with that type's prefix.
MATCH (n) WHERE NOT n:Fact AND NOT n:ImportRun
WITH n, [label IN labels(n) WHERE label IN $types] AS typeLabels
WHERE NOT n:Entity OR size(typeLabels) <> 1
   OR NOT coalesce(n.id STARTS WITH toLower(typeLabels[0]) + ':', false)
RETURN coalesce(n.id, elementId(n)) AS id
