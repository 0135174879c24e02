// The events of the year $year (by day, or by a period that overlaps it) and the entities joined to them by a
// direct relationship of the types $predicates.
MATCH (e:Event)
WHERE (e.date IS NOT NULL AND e.date.year = $year)
   OR (e.date IS NULL AND e.startDate IS NOT NULL AND e.startDate.year <= $year AND coalesce(e.endDate, e.startDate).year >= $year)
   OR (e.date IS NULL AND e.startDate IS NULL AND e.period STARTS WITH toString($year))
OPTIONAL MATCH (e)-[r]-(n:Entity) WHERE type(r) IN $predicates AND NOT n:Source
WITH collect(DISTINCT e) + collect(DISTINCT n) AS all
UNWIND all AS n
RETURN DISTINCT n.id AS id
