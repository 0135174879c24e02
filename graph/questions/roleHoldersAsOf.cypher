// A fact holds on day D when (validFromDate IS NULL OR validFromDate <= D) AND (validUntilDate IS NULL OR
// validUntilDate >= D): the same predicate as programmeMembersAsOf.cypher (graph/README.md, "Facts in time").
MATCH (organization:Entity {id: $organizationId})<-[r:REPRESENTS]-(representative:Entity)
WHERE (r.validFromDate IS NULL OR r.validFromDate <= date($date))
  AND (r.validUntilDate IS NULL OR r.validUntilDate >= date($date))
CALL (r) {
  MATCH (:Fact {id: r.factId})-[c:CITED_IN]->(source:Source)
  WITH c, source ORDER BY c.about IS NOT NULL, c.about, source.id, c.section, c.quote
  RETURN collect({sourceId: source.id, sourceTitle: source.title, section: c.section, quote: c.quote, basis: c.basis, reason: c.reason, about: c.about}) AS evidence
}
WITH representative, r, evidence ORDER BY representative.name, representative.id
RETURN {
  representative: {id: representative.id, type: head([l IN labels(representative) WHERE l <> 'Entity']), name: representative.name},
  role: r.role, factId: r.factId,
  validFrom: r.validFrom, validUntil: r.validUntil, validFromDate: r.validFromDate, validUntilDate: r.validUntilDate,
  basis: r.basis, validityBasis: r.validityBasis, evidence: evidence
} AS holder
