// Recounts the tallies of the entities $ids (any type: only themes, events and organisations have one) and
// stores each with the key that ranks it, so that questions/eventsPerTheme, companiesPerEvent and
// expertsPerOrganization read the first $limit in index order instead of counting every node. Every write
// runs it for the entities it touched, in its own transaction; a node is written only when its tally or its
// key changed, so a write that changes no count writes nothing more.
//
// A key sorts as the question ranks: the count descending (written as 9999999999 less the count, ten digits),
// then an event's first day (ten characters; '~' after every date for an event without one), then the name.
// Fixed widths make the key's order the order of (count DESC, startDate, name) for any names.
// Each block first takes the write lock of the nodes it recounts (apoc.lock.nodes), then counts: a concurrent
// write to the same node waits for this one to commit, or this one for it, and the later count sees the
// other's links (Neo4j reads what is committed; links to a dense node are added without locking the node).
//
// HAS_THEME comes from events and programmes: the theme's degree (one read) less its few programmes.
CALL () {
  UNWIND $ids AS id
  MATCH (theme:Theme {id: id})
  WITH collect(theme) AS themes WHERE size(themes) > 0
  CALL apoc.lock.nodes(themes)
  CALL () {
    MATCH (:Programme)-[:HAS_THEME]->(theme:Theme)
    WITH theme, count(*) AS programmes
    RETURN apoc.map.fromPairs(collect([elementId(theme), programmes])) AS programmesOf
  }
  UNWIND themes AS theme
  WITH theme, COUNT { (theme)<-[:HAS_THEME]-() } - coalesce(programmesOf[elementId(theme)], 0) AS tally
  WITH theme, tally, right('0000000000' + toString(9999999999 - tally), 10) + theme.name AS sortKey
  WHERE theme.eventsTally IS NULL OR theme.eventsTally <> tally OR theme.eventsTallyOrder <> sortKey
  SET theme.eventsTally = tally, theme.eventsTallyOrder = sortKey
}
// An event has few participants: its companies are counted by expanding them.
CALL () {
  UNWIND $ids AS id
  MATCH (event:Event {id: id})
  WITH collect(event) AS events WHERE size(events) > 0
  CALL apoc.lock.nodes(events)
  UNWIND events AS event
  WITH event, COUNT { (event)<-[:PARTICIPATED_IN]-(:Company) } AS tally
  WITH event, tally,
       right('0000000000' + toString(9999999999 - tally), 10) + coalesce(toString(event.startDate), '~~~~~~~~~~') +
       event.name AS sortKey
  WHERE event.companiesTally IS NULL OR event.companiesTally <> tally OR event.companiesTallyOrder <> sortKey
  SET event.companiesTally = tally, event.companiesTallyOrder = sortKey
}
// Only experts are AFFILIATED_WITH an organisation: its degree (one read) is the count.
CALL () {
  UNWIND $ids AS id
  MATCH (organization:Organization {id: id})
  WITH collect(organization) AS organizations WHERE size(organizations) > 0
  CALL apoc.lock.nodes(organizations)
  UNWIND organizations AS organization
  WITH organization, COUNT { (organization)<-[:AFFILIATED_WITH]-() } AS tally
  WITH organization, tally, right('0000000000' + toString(9999999999 - tally), 10) + organization.name AS sortKey
  WHERE organization.expertsTally IS NULL OR organization.expertsTally <> tally
     OR organization.expertsTallyOrder <> sortKey
  SET organization.expertsTally = tally, organization.expertsTallyOrder = sortKey
}
