// The company-theme preset's paths: a company `source` links to a theme `target` through each event `m` it,
// or one of its representatives, took part in that has the theme. Every node and relationship of a path is
// kept by the selectors $asOf and $source. Run as a subquery: with `source` and `target` unbound it walks the
// whole graph (the projection), with them bound (imported into the subquery) it finds the events behind one
// link (bipartite-links.cypher). The columns are named apart from the variables, which a subquery may not return.
MATCH (source:Company)-[took:PARTICIPATED_IN]->(m:Event)-[tagged:HAS_THEME]->(target:Theme)
WHERE {{selectedEntity(source)}} AND {{selectedEntity(m)}} AND {{selectedEntity(target)}}
  AND {{selectedFact(took)}} AND {{selectedFact(tagged)}}
RETURN source AS linkSource, target AS linkTarget, m
UNION
MATCH (source:Company)<-[acts:REPRESENTS]-(representative:Representative)-[took:PARTICIPATED_IN]->(m:Event)-[tagged:HAS_THEME]->(target:Theme)
WHERE {{selectedEntity(source)}} AND {{selectedEntity(representative)}} AND {{selectedEntity(m)}}
  AND {{selectedEntity(target)}} AND {{selectedFact(acts)}} AND {{selectedFact(took)}} AND {{selectedFact(tagged)}}
RETURN source AS linkSource, target AS linkTarget, m
