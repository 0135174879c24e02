// The expert-theme preset's paths: an expert `source` links to a theme `target` through each event it took
// part in and each programme it contributed to (`m`) that has the theme; every node and relationship of a
// path kept by the selectors $asOf and $source. Run as a subquery, as bipartite-company-theme.cypher is.
MATCH (source:Expert)-[took:PARTICIPATED_IN]->(m:Event)-[tagged:HAS_THEME]->(target:Theme)
WHERE {{selectedEntity(source)}} AND {{selectedEntity(m)}} AND {{selectedEntity(target)}}
  AND {{selectedFact(took)}} AND {{selectedFact(tagged)}}
RETURN source AS linkSource, target AS linkTarget, m
UNION
MATCH (source:Expert)-[contributed:CONTRIBUTED_TO]->(m:Programme)-[tagged:HAS_THEME]->(target:Theme)
WHERE {{selectedEntity(source)}} AND {{selectedEntity(m)}} AND {{selectedEntity(target)}}
  AND {{selectedFact(contributed)}} AND {{selectedFact(tagged)}}
RETURN source AS linkSource, target AS linkTarget, m
