MATCH (expert:Expert)-[took:PARTICIPATED_IN]->(event:Event)-[had:HAS_THEME]->(theme:Theme)
WHERE ($expertId IS NULL OR expert.id = $expertId) AND ($themeId IS NULL OR theme.id = $themeId)
CALL (took) {
  MATCH (fact:Fact {id: took.factId})-[c:CITED_IN]->(source:Source)
  RETURN collect({sourceId: source.id, sourceTitle: source.title, section: c.section, quote: c.quote, basis: c.basis, reason: c.reason, about: c.about}) AS tookCitations
}
CALL (had) {
  MATCH (fact:Fact {id: had.factId})-[c:CITED_IN]->(source:Source)
  RETURN collect({sourceId: source.id, sourceTitle: source.title, section: c.section, quote: c.quote, basis: c.basis, reason: c.reason, about: c.about}) AS hadCitations
}
WITH expert, theme, event, took, had, tookCitations, hadCitations
ORDER BY expert.name, theme.name, event.startDate, event.id
WITH expert, theme, collect({
  event: {id: event.id, type: 'Event', name: event.name},
  startDate: event.startDate,
  participation: {factId: took.factId, basis: took.basis, citations: tookCitations},
  themeOfEvent: {factId: had.factId, basis: had.basis, citations: hadCitations}
}) AS via
RETURN {expert: {id: expert.id, type: 'Expert', name: expert.name}, theme: {id: theme.id, type: 'Theme', name: theme.name}, via: via} AS link
