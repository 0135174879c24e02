// Removes the written score {{property}} (pagerank or community, from src/analytics/writeback.ts's table)
// and its time from every entity, before a run writes it afresh.
MATCH (n:Entity) WHERE n.{{property}} IS NOT NULL REMOVE n.{{property}}, n.{{property}}At
