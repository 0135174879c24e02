// Every write keeps each organisation's count of experts and the key that ranks it
// (graph/tallies/refresh.cypher): the expertsTallyOrder index hands over the first $limit in order.
MATCH (organization:Organization) WHERE organization.expertsTallyOrder IS NOT NULL
WITH organization ORDER BY organization.expertsTallyOrder LIMIT $limit
RETURN {entity: {id: organization.id, type: 'Organization', name: organization.name}, count: organization.expertsTally} AS tally
