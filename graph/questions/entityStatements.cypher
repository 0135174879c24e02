// Every value each source states about one record (an entity or a fact), read from its `statements`: the
// canonical JSON map `source id → what that source states` the importer keeps (src/importer/statements.ts).
// One row per value; a list gives one row per item; a dated name or a validity carries its bounds.
MATCH (n {id: $id}) WHERE n:Entity OR n:Fact
WITH apoc.convert.fromJsonMap(coalesce(n.statements, '{}')) AS statements
UNWIND keys(statements) AS sourceId
OPTIONAL MATCH (source:Source {id: sourceId})
WITH sourceId, coalesce(source.title, sourceId) AS sourceTitle, statements[sourceId] AS statement
CALL (statement) {
  UNWIND CASE WHEN statement.name IS NULL THEN [] ELSE [statement.name] END AS value
  RETURN 0 AS rank, 'name' AS property, value, null AS validFrom, null AS validUntil
  UNION ALL
  UNWIND coalesce(statement.names, []) AS entry
  RETURN 1 AS rank, 'names' AS property, entry.name AS value, entry.from AS validFrom, entry.until AS validUntil
  UNION ALL
  UNWIND coalesce(statement.aliases, []) AS value
  RETURN 2 AS rank, 'aliases' AS property, value, null AS validFrom, null AS validUntil
  UNION ALL
  UNWIND CASE WHEN statement.description IS NULL THEN [] ELSE [statement.description] END AS value
  RETURN 3 AS rank, 'description' AS property, value, null AS validFrom, null AS validUntil
  UNION ALL
  UNWIND CASE WHEN statement.valid IS NULL THEN [] ELSE [statement.valid] END AS valid
  RETURN 4 AS rank, 'valid' AS property, valid.basis AS value, valid.from AS validFrom, valid.until AS validUntil
  UNION ALL
  UNWIND CASE WHEN statement.basis IS NULL THEN [] ELSE [statement.basis] END AS value
  RETURN 5 AS rank, 'basis' AS property, value, null AS validFrom, null AS validUntil
  UNION ALL
  UNWIND keys(coalesce(statement.properties, {})) AS key
  WITH key, statement.properties[key] AS given
  UNWIND CASE WHEN valueType(given) STARTS WITH 'LIST' THEN given ELSE [given] END AS item
  RETURN 6 AS rank, key AS property, toString(item) AS value, null AS validFrom, null AS validUntil
  UNION ALL
  UNWIND coalesce(statement.flags, []) AS value
  RETURN 7 AS rank, 'flags' AS property, value, null AS validFrom, null AS validUntil
}
WITH sourceId, sourceTitle, rank, property, value, validFrom, validUntil
ORDER BY sourceId, rank, property
RETURN {sourceId: sourceId, sourceTitle: sourceTitle, property: property, value: value,
        validFrom: validFrom, validUntil: validUntil} AS row
