// From the companies' side: events outnumber companies, and most events have no company.
CALL () {
  MATCH (company:Company)-[:PARTICIPATED_IN]->(event)
  WITH event, count(DISTINCT company) AS count
  ORDER BY count DESC, event.startDate, event.name LIMIT $limit
  RETURN collect({entity: {id: event.id, type: 'Event', name: event.name}, count: count}) AS ranked
}
// Events no company took part in, read only when fewer than $limit events had one.
CALL (ranked) {
  UNWIND CASE WHEN size(ranked) < $limit THEN [true] ELSE [] END AS needed
  MATCH (event:Event) WHERE NOT EXISTS { (event)<-[:PARTICIPATED_IN]-(:Company) }
  WITH event ORDER BY event.startDate, event.name LIMIT $limit
  RETURN collect({entity: {id: event.id, type: 'Event', name: event.name}, count: 0}) AS unranked
}
UNWIND (ranked + unranked)[0..$limit] AS tally
RETURN tally
