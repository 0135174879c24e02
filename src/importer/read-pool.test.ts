// Big imports read their files in worker threads too (planImport's `readThreads`, read-pool.ts): the plan and
// the problems reported must be the same as when the main thread reads every file itself.
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { CORE_SCHEMA, dump, load } from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deriveModelRules } from "../model/index.ts";
import { ImportError, type ImportPlan, planImport } from "./plan.ts";

const fixtures = path.join(import.meta.dirname, "..", "..", "tests", "importer", "fixtures");
const rules = deriveModelRules();
let workdir: string;

/** A parsed seed file that a test edits. */
// biome-ignore lint/suspicious/noExplicitAny: the edits reach into the file's shape freely
type SeedDraft = any;

/** A copy of the mini fixture under another source, edited; it cites the same entities and facts. */
async function secondFile(name: string, edit: (seed: SeedDraft) => void): Promise<string> {
  const seed: SeedDraft = load(await readFile(path.join(fixtures, "mini.yaml"), "utf8"), {
    schema: CORE_SCHEMA,
  });
  seed.source.id = `source:${name}`;
  edit(seed);
  const file = path.join(workdir, `${name}.yaml`);
  await writeFile(file, dump(seed, { noRefs: true, lineWidth: -1 }));
  return file;
}

/** The plan as plain data, Maps included, to compare two plans. */
const plain = (plan: ImportPlan) =>
  JSON.stringify(plan, (_key, value) => (value instanceof Map ? [...value] : value));

beforeAll(async () => {
  workdir = await mkdtemp(path.join(tmpdir(), "btech-read-pool-"));
  await copyFile(path.join(fixtures, "mini.yaml"), path.join(workdir, "mini.yaml"));
  await copyFile(path.join(fixtures, "source.txt"), path.join(workdir, "source.txt"));
});

afterAll(async () => {
  await rm(workdir, { recursive: true, force: true });
});

describe("planImport with worker threads", () => {
  it("merges files read in threads into the same plan as the main thread does", async () => {
    const files = [
      path.join(workdir, "mini.yaml"),
      await secondFile("confirming", (seed) => {
        seed.entities[0].properties.country = "España";
        seed.facts[0].flags = ["Confirmed by a second review."];
      }),
    ];
    const onMainThread = plain(await planImport(files, rules, { readThreads: 0 }));
    // One thread: it reads the first file while the main thread reads the second; two: threads read both.
    expect(plain(await planImport(files, rules, { readThreads: 1 }))).toBe(onMainThread);
    const inThreads = await planImport(files, rules, { readThreads: 2 });
    expect(plain(inThreads)).toBe(onMainThread);
    // The second file did merge into the first: two citations, each source's own statement.
    const company = inThreads.entities.get("Company")?.[0];
    expect(company?.citations.map((citation) => citation.sourceId)).toEqual([
      "source:mini-review",
      "source:confirming",
    ]);
    expect(company?.statements["source:mini-review"]?.properties?.country).toBe("Spain");
    expect(company?.statements["source:confirming"]?.properties?.country).toBe("España");
  });

  it("names the file and record of a problem in the second of two files", async () => {
    const files = [
      path.join(workdir, "mini.yaml"),
      await secondFile("bad-second", (seed) => {
        seed.entities[2].properties.date = "2022-02-30";
        seed.facts[1].object = "company:telefonica-test";
      }),
    ];
    const problems = async (readThreads: number) => {
      const error = await planImport(files, rules, { readThreads }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ImportError);
      return (error as ImportError).problems;
    };
    const inThreads = await problems(2);
    // Only the file's own problem: the wrong pair is found when merging, which a refused file never reaches.
    expect(inThreads).toEqual([
      `${path.relative(process.cwd(), files[1] ?? "")}: entities[2].properties.date: "2022-02-30" is not a date`,
    ]);
    expect(await problems(0)).toEqual(inThreads);
  });
});
