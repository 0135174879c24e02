// The theme $id, its narrower themes, the entities on them (events, programmes), and the entities joined to
// those events by a direct relationship of the types $predicates (themes aside).
MATCH (theme:Theme {id: $id})
MATCH (t:Theme)-[:BROADER*0..]->(theme)
WITH collect(DISTINCT t) AS themes
CALL (themes) {
  UNWIND themes AS t
  MATCH (tagged:Entity)-[:HAS_THEME]->(t)
  RETURN collect(DISTINCT tagged) AS tagged
}
CALL (tagged) {
  UNWIND tagged AS x
  MATCH (x:Event)-[r]-(n:Entity) WHERE type(r) IN $predicates AND NOT n:Source AND NOT n:Theme
  RETURN collect(DISTINCT n) AS around
}
UNWIND themes + tagged + around AS n
RETURN DISTINCT n.id AS id
