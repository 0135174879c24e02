import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { TestSpecification, Vitest } from "vitest/node";
import { projectRoot } from "../../src/config.ts";
import SlowestFirstSequencer, { slowestFirst } from "./sequencer.ts";

/** What BaseSequencer reads of a run with no durations cached yet: a fresh clone. */
const freshClone = {
  config: { root: "/repo" },
  cache: { getFileTestResults: () => undefined, getFileStats: () => undefined },
} as unknown as Vitest;

const spec = (file: string, project: string) =>
  ({
    moduleId: `/repo/${file}`,
    project: { name: project, config: { sequence: { groupOrder: 0 }, isolate: true } },
  }) as unknown as TestSpecification;

describe("SlowestFirstSequencer", () => {
  it("starts the listed slow files first, slowest first, whatever their project, then the others", async () => {
    const files = [
      spec("src/config.test.ts", "unit"),
      spec("tests/api/questions.int.test.ts", "int"),
      spec("tests/explorer/explorer.e2e.test.ts", "e2e"),
      spec("tests/foundation/local-runtime.int.test.ts", "int"),
      spec("tests/resilience/analytics-load.int.test.ts", "int"),
    ];
    const order = (await new SlowestFirstSequencer(freshClone).sort(files)).map((file) =>
      file.moduleId.replace("/repo/", ""),
    );
    expect(order).toEqual([
      "tests/foundation/local-runtime.int.test.ts",
      "tests/resilience/analytics-load.int.test.ts",
      "tests/explorer/explorer.e2e.test.ts",
      "tests/api/questions.int.test.ts",
      "src/config.test.ts",
    ]);
  });

  it("lists files that exist", () => {
    for (const file of slowestFirst) expect(existsSync(path.join(projectRoot, file)), file).toBe(true);
  });
});
