// A fact (the direct relationship `selected`) kept by the selectors $asOf and $source: it holds on $asOf
// (`validFromDate <= $asOf <= validUntilDate`, an absent bound open), and $source cites its Fact node.
// Written into statements as {{selectedFact(r)}} (src/model/). Its two ends are checked on their own.
($asOf IS NULL OR (
  (selected.validFromDate IS NULL OR selected.validFromDate <= $asOf)
  AND (selected.validUntilDate IS NULL OR selected.validUntilDate >= $asOf)))
AND ($source IS NULL OR EXISTS { (:Fact {id: selected.factId})-[:CITED_IN]->(:Source {id: $source}) })
