// Every dated statement about one entity. Four kinds of rows, one shape: its dated names (nameHistory, each
// `name|from|until|first day|last day`, see nameAsOf.cypher), its own validity, the facts at either end of it
// that carry a validity, and its participations, dated by their events (a participation's own validity, if
// any, first). Each row's sources are the citations behind its dating.
MATCH (n:Entity {id: $id})
CALL (n) {
  UNWIND coalesce(n.nameHistory, []) AS line
  WITH n, split(line, '|') AS entry
  OPTIONAL MATCH (n)-[c:CITED_IN]->(source:Source) WHERE c.about = 'name:' + entry[0]
  WITH entry, c, source ORDER BY source.id, c.section, c.quote
  WITH entry, collect(CASE WHEN c IS NOT NULL THEN {sourceId: source.id, sourceTitle: source.title, section: c.section, quote: c.quote, basis: c.basis, reason: c.reason, about: c.about} END) AS sources
  RETURN 'NAME' AS kind, entry[0] AS label, null AS other, null AS outgoing, null AS factId,
         CASE WHEN entry[1] = '' THEN null ELSE entry[1] END AS from,
         CASE WHEN entry[2] = '' THEN null ELSE entry[2] END AS until,
         CASE WHEN entry[3] = '' THEN null ELSE date(entry[3]) END AS fromDate,
         CASE WHEN entry[4] = '' THEN null ELSE date(entry[4]) END AS untilDate,
         CASE WHEN any(s IN sources WHERE s.basis = 'STATED') THEN 'STATED' ELSE 'INFERRED' END AS basis,
         sources
  UNION ALL
  WITH n WHERE n.validFromDate IS NOT NULL OR n.validUntilDate IS NOT NULL
  OPTIONAL MATCH (n)-[c:CITED_IN]->(source:Source) WHERE c.about = 'valid'
  WITH n, c, source ORDER BY source.id, c.section, c.quote
  WITH n, collect(CASE WHEN c IS NOT NULL THEN {sourceId: source.id, sourceTitle: source.title, section: c.section, quote: c.quote, basis: c.basis, reason: c.reason, about: c.about} END) AS sources
  RETURN 'VALIDITY' AS kind, n.name AS label, null AS other, null AS outgoing, null AS factId,
         n.validFrom AS from, n.validUntil AS until, n.validFromDate AS fromDate, n.validUntilDate AS untilDate,
         n.validityBasis AS basis, sources
  UNION ALL
  MATCH (n)-[r]-(other:Entity)
  WHERE r.factId IS NOT NULL AND type(r) <> 'PARTICIPATED_IN'
    AND (r.validFromDate IS NOT NULL OR r.validUntilDate IS NOT NULL)
  CALL (r) {
    MATCH (:Fact {id: r.factId})-[c:CITED_IN]->(source:Source)
    WITH c, source ORDER BY c.about IS NOT NULL, c.about, source.id, c.section, c.quote
    RETURN collect({sourceId: source.id, sourceTitle: source.title, section: c.section, quote: c.quote, basis: c.basis, reason: c.reason, about: c.about}) AS sources
  }
  RETURN CASE type(r) WHEN 'REPRESENTS' THEN 'ROLE' WHEN 'MEMBER_OF' THEN 'MEMBERSHIP' ELSE type(r) END AS kind,
         CASE WHEN type(r) = 'REPRESENTS' AND r.role IS NOT NULL THEN r.role ELSE type(r) END AS label,
         other, startNode(r) = n AS outgoing, r.factId AS factId,
         r.validFrom AS from, r.validUntil AS until, r.validFromDate AS fromDate, r.validUntilDate AS untilDate,
         r.validityBasis AS basis, sources
  UNION ALL
  MATCH (n)-[r:PARTICIPATED_IN]-(other:Entity)
  WITH n, r, other, CASE WHEN startNode(r) = n THEN other ELSE n END AS event
  WHERE event.startDate IS NOT NULL OR r.validFromDate IS NOT NULL OR r.validUntilDate IS NOT NULL
  CALL (r) {
    MATCH (:Fact {id: r.factId})-[c:CITED_IN]->(source:Source)
    WITH c, source ORDER BY c.about IS NOT NULL, c.about, source.id, c.section, c.quote
    RETURN collect({sourceId: source.id, sourceTitle: source.title, section: c.section, quote: c.quote, basis: c.basis, reason: c.reason, about: c.about}) AS sources
  }
  WITH n, r, other, event, sources,
       r.validFrom IS NOT NULL OR r.validUntil IS NOT NULL AS ownValidity,
       coalesce(toString(event.date), event.period) AS eventWhen
  RETURN 'PARTICIPATION' AS kind, event.name AS label, other, startNode(r) = n AS outgoing, r.factId AS factId,
         CASE WHEN ownValidity THEN r.validFrom ELSE eventWhen END AS from,
         CASE WHEN ownValidity THEN r.validUntil ELSE eventWhen END AS until,
         CASE WHEN ownValidity THEN r.validFromDate ELSE event.startDate END AS fromDate,
         CASE WHEN ownValidity THEN r.validUntilDate ELSE event.endDate END AS untilDate,
         CASE WHEN ownValidity THEN r.validityBasis ELSE r.basis END AS basis,
         sources
}
WITH n, kind, label, other, outgoing, factId, from, until, fromDate, untilDate, basis, sources
ORDER BY coalesce(fromDate, untilDate), kind, label, factId
RETURN {
  kind: kind, label: label,
  other: CASE WHEN other IS NULL THEN null ELSE {id: other.id, type: head([l IN labels(other) WHERE l <> 'Entity']), name: other.name} END,
  outgoing: outgoing, factId: factId, from: from, until: until, fromDate: fromDate, untilDate: untilDate,
  basis: basis, sources: sources
} AS entry
