// The ids of the graph's sources, in order: a `source` selector (exports, analytics) must name one of them.
MATCH (s:Source) RETURN s.id AS id ORDER BY id
