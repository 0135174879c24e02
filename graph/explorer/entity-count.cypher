// How many entities the graph holds, for the explorer page to choose between drawing the whole graph and
// search-first mode. Source nodes carry the Entity label too and are not drawn: counted apart. Each count is
// read from Neo4j's count store, not by visiting nodes, so this stays cheap on any graph.
CALL () { MATCH (entity:Entity) RETURN count(entity) AS entities }
CALL () { MATCH (source:Source) RETURN count(source) AS sources }
RETURN entities - sources AS entities
