// Weakly connected components over the projection $graphName, into its node property `community`
// ($config.mutateProperty); the members are read by communities.cypher.
CALL gds.wcc.mutate($graphName, $config) YIELD componentCount RETURN componentCount
