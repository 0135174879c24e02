// An entity (the node `selected`) kept by the selectors $asOf (a Date, or null for any day) and $source
// (a source id, or null for every source): its own validity holds on $asOf (a bound given as a period counts
// from its first day until its last), an event only once it has begun (its startDate is on or before $asOf,
// or it has no date), and $source cites it. Written into statements as {{selectedEntity(n)}} (src/model/).
($asOf IS NULL OR (
  (selected.validFromDate IS NULL OR selected.validFromDate <= $asOf)
  AND (selected.validUntilDate IS NULL OR selected.validUntilDate >= $asOf)
  AND (NOT selected:Event OR selected.startDate IS NULL OR selected.startDate <= $asOf)))
AND ($source IS NULL OR EXISTS { (selected)-[:CITED_IN]->(:Source {id: $source}) })
