// What ranks sources the run does not import (priority, then date or year): a record's merged values are
// the best-ranked source's, so the graph's other sources are ranked beside the run's.
UNWIND $ids AS id
MATCH (s:Source {id: id})
RETURN s.id AS id, s.priority AS priority, s.date AS date, s.year AS year
