// Louvain over the projection $graphName with $config, into the projection's node property `community`
// ($config.mutateProperty); the partition and its modularity come from the same run (members: communities.cypher).
CALL gds.louvain.mutate($graphName, $config) YIELD communityCount, modularity RETURN communityCount, modularity
