// Whether the server answers GDS procedures (src/analytics/gds.ts asks before every run, cached briefly).
SHOW PROCEDURES YIELD name WHERE name = 'gds.graph.drop' RETURN count(*) > 0 AS present
