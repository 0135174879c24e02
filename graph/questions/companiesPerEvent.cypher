// Every write keeps each event's count of companies and the key that ranks it (graph/tallies/refresh.cypher):
// the companiesTallyOrder index hands over the first $limit in order (most companies, then the earliest, then
// by name; events no company took part in last), however many events the graph holds.
MATCH (event:Event) WHERE event.companiesTallyOrder IS NOT NULL
WITH event ORDER BY event.companiesTallyOrder LIMIT $limit
RETURN {entity: {id: event.id, type: 'Event', name: event.name}, count: event.companiesTally} AS tally
