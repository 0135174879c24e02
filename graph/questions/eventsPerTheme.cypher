// Every write keeps each theme's count of events and the key that ranks it (graph/tallies/refresh.cypher):
// the eventsTallyOrder index hands over the first $limit in order, however many themes the graph holds.
MATCH (theme:Theme) WHERE theme.eventsTallyOrder IS NOT NULL
WITH theme ORDER BY theme.eventsTallyOrder LIMIT $limit
RETURN {entity: {id: theme.id, type: 'Theme', name: theme.name}, count: theme.eventsTally} AS tally
