// For each consecutive pair of the path $ids: the stored relationships the projection loaded between them
// (of the types $relationshipTypes, in its $orientation, kept by the selectors $asOf and $source), each with
// its Fact node's id, basis and citations.
UNWIND range(0, size($ids) - 2) AS i
MATCH (a:Entity {id: $ids[i]}), (b:Entity {id: $ids[i + 1]})
CALL (a, b) {
  MATCH (a)-[r]-(b)
  WHERE type(r) IN $relationshipTypes
    AND CASE $orientation WHEN 'NATURAL' THEN startNode(r) = a
                          WHEN 'REVERSE' THEN startNode(r) = b
                          ELSE true END
    AND {{selectedFact(r)}}
  OPTIONAL MATCH (fact:Fact {id: r.factId})-[c:CITED_IN]->(source:Source)
  WITH r, collect(CASE WHEN source IS NULL THEN null ELSE {
    sourceId: source.id, sourceTitle: coalesce(source.title, source.name), section: c.section,
    quote: c.quote, basis: c.basis, reason: c.reason } END) AS citations
  RETURN collect({relationshipType: type(r), forward: startNode(r) = a, factId: r.factId,
                  basis: r.basis, citations: citations}) AS evidence
}
RETURN i,
       {type: [label IN labels(a) WHERE label <> 'Entity'][0], id: a.id, name: coalesce(a.name, a.id)} AS from,
       {type: [label IN labels(b) WHERE label <> 'Entity'][0], id: b.id, name: coalesce(b.name, b.id)} AS to,
       evidence
ORDER BY i
