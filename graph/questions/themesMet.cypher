MATCH (this)-[:PARTICIPATED_IN]->(:Event)-[:HAS_THEME]->(theme:Theme) RETURN DISTINCT theme ORDER BY theme.name
