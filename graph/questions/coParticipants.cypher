MATCH (this)-[:PARTICIPATED_IN]->(event:Event)<-[:PARTICIPATED_IN]-(other:Company)
WHERE other <> this
WITH DISTINCT other, event ORDER BY event.startDate, event.id
WITH other, collect(event.id) AS eventIds
ORDER BY size(eventIds) DESC, other.name
LIMIT $limit
RETURN {company: {id: other.id, type: 'Company', name: other.name}, sharedEvents: size(eventIds), eventIds: eventIds} AS row
