// The ids of the sources the graph holds: `--remove` refuses a source that is not among them, naming them.
MATCH (s:Source)
RETURN s.id AS id
ORDER BY id
