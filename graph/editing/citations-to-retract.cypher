// For each citation retractCitations is asked to withdraw (`row.index` its place in the input): whether its
// fact exists and how many citations of it match the source, section and quote. Any that is missing refuses
// the whole request before anything is withdrawn.
UNWIND $rows AS row
OPTIONAL MATCH (f:Fact {id: row.factId})
OPTIONAL MATCH (f)-[c:CITED_IN {section: row.section, quote: row.quote}]->(:Source {id: row.source})
RETURN row.index AS index, f IS NOT NULL AS factFound, count(c) AS found
