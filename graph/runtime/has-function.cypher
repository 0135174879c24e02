// Whether the server has the function `$fn` (a plugin's `apoc.version` or `gds.version`): asked before calling
// it, since calling a function the server lacks fails the statement.
SHOW FUNCTIONS YIELD name WHERE name = $fn
RETURN count(*) > 0 AS present
