// HAS_THEME comes from events and programmes: the theme's degree less its few programmes.
CALL () {
  MATCH (:Programme)-[:HAS_THEME]->(theme:Theme)
  WITH theme, count(*) AS programmes
  RETURN apoc.map.fromPairs(collect([elementId(theme), programmes])) AS programmesOf
}
MATCH (theme:Theme)
WITH theme, COUNT { (theme)<-[:HAS_THEME]-() } - coalesce(programmesOf[elementId(theme)], 0) AS count
ORDER BY count DESC, theme.name LIMIT $limit
RETURN {entity: {id: theme.id, type: 'Theme', name: theme.name}, count: count} AS tally
