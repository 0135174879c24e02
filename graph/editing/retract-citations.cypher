// Withdraws the citations (all found by citations-to-retract) and names the facts that lost one: those are
// merged again from their remaining statements, or deleted when none stays.
UNWIND $rows AS row
MATCH (f:Fact {id: row.factId})-[c:CITED_IN {section: row.section, quote: row.quote}]->(:Source {id: row.source})
DELETE c
RETURN count(c) AS citationsRemoved, collect(DISTINCT f.id) AS factIds
