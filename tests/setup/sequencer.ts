// The order test files start in. Two workers finish together only if the longest files start first; vitest
// orders by the durations of the last run when it has them, and by file size on a fresh clone, where a short
// file that runs for minutes (one that starts a Neo4j of its own) could start last and run alone at the end.
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The slowest test files, slowest first (README, "Tests"): those that start, kill or restart a Neo4j of their
 * own, and the explorer's. A file not listed starts after them, in vitest's own order. The fuzzer comes first:
 * it is the longest file, and it needs one core most of its time (the app's Node thread), so it runs from the
 * start beside the others. The files of vitest.config.ts's `alone` run after all of these.
 */
export const slowestFirst = [
  "tests/resilience/fuzz.int.test.ts",
  "tests/explorer/big-graph.e2e.test.ts",
  "tests/importer/bulk.int.test.ts",
  "tests/foundation/local-runtime.int.test.ts",
  "tests/resilience/analytics-load.int.test.ts",
  "tests/api/unavailable.int.test.ts",
  "tests/foundation/cli.int.test.ts",
  "tests/analytics/no-gds.int.test.ts",
  "tests/explorer/explorer.e2e.test.ts",
];

/** Vitest's sequencer, with {@link slowestFirst} moved to the front. */
export default class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = slowestFirst.findIndex((slow) => file.moduleId.endsWith(`/${slow}`));
      return index === -1 ? slowestFirst.length : index;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
