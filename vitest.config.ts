import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "tests/**/*.test.ts"],
    // One throwaway Neo4j serves the whole run (see tests/setup/neo4j.ts). Community edition has a single
    // user database, so test files take turns rather than share it at the same moment.
    globalSetup: ["tests/setup/neo4j.ts"],
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 180_000,
    reporters: ["default"],
  },
});
