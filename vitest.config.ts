import { defineConfig } from "vitest/config";

// Three tiers, by file name: `*.test.ts` need neither Java nor a database, `*.int.test.ts` talk to a real
// Neo4j, `*.e2e.test.ts` drive a real Chromium against the app on a real Neo4j. `npm test` runs them all;
// `npm run test:unit`, `test:int` and `test:e2e` one each (README, "Tests").
const unit = ["src/**/*.test.ts", "tests/**/*.test.ts"];
const integration = ["src/**/*.int.test.ts", "tests/**/*.int.test.ts"];
const endToEnd = ["src/**/*.e2e.test.ts", "tests/**/*.e2e.test.ts"];

export default defineConfig({
  test: {
    // One throwaway Neo4j serves each database tier (see tests/setup/neo4j.ts). Community edition has a
    // single user database, so the files of a tier take turns rather than share it at the same moment.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 180_000,
    reporters: ["default"],
    projects: [
      {
        extends: true,
        test: { name: "unit", include: unit, exclude: [...integration, ...endToEnd] },
      },
      {
        extends: true,
        test: { name: "int", include: integration, globalSetup: ["tests/setup/neo4j.ts"] },
      },
      {
        extends: true,
        test: { name: "e2e", include: endToEnd, globalSetup: ["tests/setup/neo4j.ts"] },
      },
    ],
  },
});
