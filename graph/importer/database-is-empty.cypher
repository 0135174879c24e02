// Whether the database holds no node at all: the bulk importer only makes a first load into an empty one.
MATCH (n)
WITH n LIMIT 1
RETURN count(n) = 0 AS empty
