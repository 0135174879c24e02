import { defineConfig } from "vitest/config";
import { loadConfig } from "./src/config.ts";
import SlowestFirstSequencer from "./tests/setup/sequencer.ts";

// Three tiers, by file name: `*.test.ts` need neither Java nor a database, `*.int.test.ts` talk to a real
// Neo4j, `*.e2e.test.ts` drive a real Chromium against the app on a real Neo4j. `npm test` runs them all;
// `npm run test:unit`, `test:int` and `test:e2e` one each (README, "Tests").
const unit = ["src/**/*.test.ts", "tests/**/*.test.ts"];
const integration = ["src/**/*.int.test.ts", "tests/**/*.int.test.ts"];
const endToEnd = ["src/**/*.e2e.test.ts", "tests/**/*.e2e.test.ts"];
/**
 * Integration files whose time bounds need a server nobody else kills or restarts (writes acknowledged before
 * a kill, a restart within the transaction timeout): they run after the others, side by side with each other
 * only (project `int-alone`, part of `npm run test:int`), and spend most of their time waiting on a server
 * they killed.
 */
const alone = ["tests/resilience/faults.int.test.ts", "tests/resilience/supervision.int.test.ts"];

/**
 * Every JVM a test run starts (the workers' servers, private ones, those the app or a command starts) lives for
 * seconds to minutes and runs mostly Cypher it has not seen before: C2's compilations never pay for themselves
 * there. With the C1 compiler alone a test server used about half the CPU to start and to import the seed ten
 * times (README, "Tests"). Set JAVA_TOOL_OPTIONS (even empty) to run them otherwise; the processes the tests
 * start pass it on (tests/helpers/java.ts).
 */
process.env.JAVA_TOOL_OPTIONS ??= "-XX:TieredStopAtLevel=1";

// The other test files run side by side, three at a time by default on this project's 2 cores (`--maxWorkers`
// or VITEST_MAX_WORKERS to change it): the fuzzer keeps the app's one Node thread busy for minutes from the
// start (tests/setup/sequencer.ts), and the other two workers fill the cores around it and around the files
// that wait on a JVM's start. tests/setup/neo4j.ts starts one throwaway Neo4j per worker, since Community edition has a single
// user database. A server of NEO4J_URI is one database, so its files take turns.
const externalNeo4j = loadConfig({ ...process.env, NODE_ENV: "test" }).neo4j.mode === "external";

export default defineConfig({
  test: {
    maxWorkers: externalNeo4j ? 1 : 3,
    sequence: { sequencer: SlowestFirstSequencer },
    testTimeout: 30_000,
    hookTimeout: 180_000,
    reporters: ["default"],
    projects: [
      {
        extends: true,
        // One module graph for every unit file of a worker instead of a fresh one per file: the unit tier's
        // CPU fell by about 40 % (README, "Tests"). They neither mock modules nor leave globals behind.
        test: { name: "unit", include: unit, exclude: [...integration, ...endToEnd], isolate: false },
      },
      {
        extends: true,
        test: { name: "int", include: integration, exclude: alone, globalSetup: ["tests/setup/neo4j.ts"] },
      },
      {
        extends: true,
        test: {
          name: "int-alone",
          include: alone,
          globalSetup: ["tests/setup/neo4j.ts"],
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: { name: "e2e", include: endToEnd, globalSetup: ["tests/setup/neo4j.ts"] },
      },
    ],
  },
});
