// Whether the graph holds no imported source yet: `npm start` imports the bundled seed then.
MATCH (s:Source)
RETURN count(s) = 0 AS empty
