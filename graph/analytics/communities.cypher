// The members of each community of the projection $graphName (its node property `community`), each
// community's members ordered by id, the largest community first (ties by its smallest member id).
CALL gds.graph.nodeProperty.stream($graphName, 'community') YIELD nodeId, propertyValue
WITH gds.util.asNode(nodeId) AS n, propertyValue AS community
WITH community, n ORDER BY n.id
WITH community, collect({type: [label IN labels(n) WHERE label <> 'Entity'][0], id: n.id, name: coalesce(n.name, n.id)}) AS members
RETURN members ORDER BY size(members) DESC, members[0].id
