// The nodes a projection would hold (of the types $nodeTypes, kept by the selectors $asOf and $source),
// counted and checked against ANALYTICS_MAX_NODES before anything is loaded.
MATCH (n:Entity)
WHERE any(label IN labels(n) WHERE label IN $nodeTypes) AND {{selectedEntity(n)}}
RETURN count(n) AS nodes
