// Every citation leads to a source and has a section, a quote, a basis, and a reason when INFERRED.
MATCH (n)-[c:CITED_IN]->(s)
WHERE NOT s:Source OR trim(coalesce(c.section, '')) = '' OR trim(coalesce(c.quote, '')) = ''
   OR NOT coalesce(c.basis IN ['STATED', 'INFERRED'], false)
   OR (c.basis = 'INFERRED' AND trim(coalesce(c.reason, '')) = '')
RETURN DISTINCT coalesce(n.id, elementId(n)) AS id
