// The smallest statement the database must answer: the availability gate's probe that Neo4j is back.
RETURN 1
