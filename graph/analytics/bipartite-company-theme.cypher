// The company-theme preset's paths: a company `source` links to a theme `target` through each event `m` it,
// or one of its representatives, took part in that has the theme. Every node and relationship of a path is
// kept by the selectors $asOf and $source. Run as a subquery: with `source` and `target` unbound it walks the
// whole graph (the projection), with them bound (imported into the subquery) it finds the events behind one
// link (bipartite-links.cypher). The columns are named apart from the variables, which a subquery may not return.
MATCH p = (source:Company)-[:PARTICIPATED_IN]->(m:Event)-[:HAS_THEME]->(target:Theme)
WHERE all(r IN relationships(p) WHERE {{selectedFact(r)}}) AND all(n IN nodes(p) WHERE {{selectedEntity(n)}})
RETURN source AS linkSource, target AS linkTarget, m
UNION
MATCH p = (source:Company)<-[:REPRESENTS]-(:Representative)-[:PARTICIPATED_IN]->(m:Event)-[:HAS_THEME]->(target:Theme)
WHERE all(r IN relationships(p) WHERE {{selectedFact(r)}}) AND all(n IN nodes(p) WHERE {{selectedEntity(n)}})
RETURN source AS linkSource, target AS linkTarget, m
