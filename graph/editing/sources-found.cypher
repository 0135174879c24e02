// Which of the sources a write through the editing API cites the graph holds: a citation of a source not in
// the graph is refused, naming it (sources are added with upsertSources).
UNWIND $ids AS id
MATCH (s:Source {id: id})
RETURN collect(s.id) AS found
