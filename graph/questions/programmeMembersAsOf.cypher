// A fact holds on day D when (validFromDate IS NULL OR validFromDate <= D) AND (validUntilDate IS NULL OR
// validUntilDate >= D): the same predicate as roleHoldersAsOf.cypher (graph/README.md, "Facts in time").
MATCH (programme:Entity {id: $programmeId})<-[m:MEMBER_OF]-(member:Entity)
WHERE (m.validFromDate IS NULL OR m.validFromDate <= date($date))
  AND (m.validUntilDate IS NULL OR m.validUntilDate >= date($date))
CALL (m) {
  MATCH (:Fact {id: m.factId})-[c:CITED_IN]->(source:Source)
  WITH c, source ORDER BY c.about IS NOT NULL, c.about, source.id, c.section, c.quote
  RETURN collect({sourceId: source.id, sourceTitle: source.title, section: c.section, quote: c.quote, basis: c.basis, reason: c.reason, about: c.about}) AS evidence
}
WITH member, m, evidence ORDER BY member.name, member.id
RETURN {
  member: {id: member.id, type: head([l IN labels(member) WHERE l <> 'Entity']), name: member.name},
  since: m.since, factId: m.factId,
  validFrom: m.validFrom, validUntil: m.validUntil, validFromDate: m.validFromDate, validUntilDate: m.validUntilDate,
  basis: m.basis, validityBasis: m.validityBasis, evidence: evidence
} AS member
