// The expert-theme preset's paths: an expert `source` links to a theme `target` through each event it took
// part in and each programme it contributed to (`m`) that has the theme; every node and relationship of a
// path kept by the selectors $asOf and $source. Run as a subquery, as bipartite-company-theme.cypher is.
MATCH p = (source:Expert)-[:PARTICIPATED_IN]->(m:Event)-[:HAS_THEME]->(target:Theme)
WHERE all(r IN relationships(p) WHERE {{selectedFact(r)}}) AND all(n IN nodes(p) WHERE {{selectedEntity(n)}})
RETURN source AS linkSource, target AS linkTarget, m
UNION
MATCH p = (source:Expert)-[:CONTRIBUTED_TO]->(m:Programme)-[:HAS_THEME]->(target:Theme)
WHERE all(r IN relationships(p) WHERE {{selectedFact(r)}}) AND all(n IN nodes(p) WHERE {{selectedEntity(n)}})
RETURN source AS linkSource, target AS linkTarget, m
