// An entity's dated names are in nameHistory, each `name|from|until|first day|last day` (empty where open;
// src/importer/validity.ts). The name holding on the day is the one whose first day is not after it and whose
// last day is not before it; of two (two sources' names can overlap), the one that began last.
MATCH (n:Entity {id: $id})
WITH n, date($date) AS day, [entry IN coalesce(n.nameHistory, []) | split(entry, '|')] AS history
WITH n, size(history) > 0 AS dated,
     [entry IN history WHERE (entry[3] = '' OR date(entry[3]) <= day) AND (entry[4] = '' OR date(entry[4]) >= day)] AS holding
WITH n, dated, CASE WHEN dated THEN holding[-1] ELSE [n.name, '', '', '', ''] END AS entry
CALL (n, dated, entry) {
  OPTIONAL MATCH (n)-[c:CITED_IN]->(source:Source)
  WHERE entry IS NOT NULL AND ((dated AND c.about = 'name:' + entry[0]) OR (NOT dated AND c.about IS NULL))
  WITH c, source ORDER BY source.id, c.section, c.quote
  RETURN collect(CASE WHEN c IS NOT NULL THEN {sourceId: source.id, sourceTitle: source.title, section: c.section, quote: c.quote, basis: c.basis, reason: c.reason, about: c.about} END) AS evidence
}
RETURN {
  id: n.id, name: entry[0], dated: dated,
  from: CASE WHEN coalesce(entry[1], '') = '' THEN null ELSE entry[1] END,
  until: CASE WHEN coalesce(entry[2], '') = '' THEN null ELSE entry[2] END,
  fromDate: CASE WHEN coalesce(entry[3], '') = '' THEN null ELSE date(entry[3]) END,
  untilDate: CASE WHEN coalesce(entry[4], '') = '' THEN null ELSE date(entry[4]) END,
  basis: CASE WHEN entry IS NULL THEN null WHEN any(c IN evidence WHERE c.basis = 'STATED') THEN 'STATED' ELSE 'INFERRED' END,
  evidence: evidence
} AS answer
