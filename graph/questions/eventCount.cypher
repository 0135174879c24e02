// A label's count comes from Neo4j's count store: one read, where count(DISTINCT …) would read every event.
MATCH (event:Event)
RETURN count(event) AS count
