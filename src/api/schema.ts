import { readFileSync } from "node:fs";
import path from "node:path";
import { Neo4jGraphQL, type Neo4jGraphQLConstructor } from "@neo4j/graphql";
import type { GraphQLSchema } from "graphql";
import type { Driver } from "neo4j-driver";
import { projectRoot } from "../config.ts";

/** The model's type definitions, as written in graph/. */
export const typeDefs = readFileSync(path.join(projectRoot, "graph", "schema.graphql"), "utf8");

/**
 * The options every consumer of the model builds `Neo4jGraphQL` with: the server, codegen's printed schema
 * and the tests, so that they can never describe different APIs.
 */
export function neo4jGraphQLOptions(driver?: Driver): Neo4jGraphQLConstructor {
  return {
    typeDefs,
    ...(driver ? { driver } : {}),
    features: {
      // The v7 API without the fields kept for compatibility with earlier versions.
      excludeDeprecatedFields: {
        mutationOperations: true,
        aggregationFilters: true,
        aggregationFiltersOutsideConnection: true,
        relationshipFilters: true,
        attributeFilters: true,
      },
    },
  };
}

/** Builds the executable GraphQL schema of the model (once per process: it takes about half a second). */
export async function buildSchema(driver?: Driver): Promise<GraphQLSchema> {
  return new Neo4jGraphQL(neo4jGraphQLOptions(driver)).getSchema();
}
