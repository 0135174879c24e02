// Every entity (sources are not exported as nodes).
MATCH (n:Entity) WHERE NOT n:Source RETURN n.id AS id
