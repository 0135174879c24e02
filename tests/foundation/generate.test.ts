// `npm run generate` writes synthetic seed files the importer accepts as they are, and refuses to empty a
// folder that holds anything else.
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planImport } from "../../src/importer/plan.ts";
import { deriveModelRules } from "../../src/model/index.ts";
import { runScript } from "../helpers/cli.ts";

describe("npm run generate", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "btech-graph-generate-"));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("writes seed files of the size asked for, which validate as they are", async () => {
    const out = path.join(root, "data");
    const result = await runScript("bench/generate.ts", ["--size", "1.5k", "--out", out], {});
    expect(result.stderr).not.toMatch(/Error|at /);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("1500 entities");
    const files = (await readdir(out))
      .filter((name) => name.endsWith(".yaml"))
      .map((name) => path.join(out, name));
    expect(files.length).toBeGreaterThan(0);
    const plan = await planImport(files, deriveModelRules());
    expect(plan.entityCount).toBe(1500);
    expect(plan.factCount).toBeGreaterThan(1500);
  }, 60_000);

  it("refuses a folder with other files in it, in one sentence, and leaves them", async () => {
    const out = path.join(root, "mine");
    await rm(out, { recursive: true, force: true });
    await runScript("bench/generate.ts", ["--size", "10", "--out", out], {});
    await writeFile(path.join(root, "notes.txt"), "keep me");
    const result = await runScript("bench/generate.ts", ["--size", "10", "--out", root], {});
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `--out ${root} is a folder with other files in it; choose a new or empty folder (the generator replaces what is in it).`,
    );
    expect(await readdir(root)).toContain("notes.txt");
  }, 60_000);

  it("names the flag of a size it cannot read", async () => {
    const result = await runScript(
      "bench/generate.ts",
      ["--size", "lots", "--out", path.join(root, "x")],
      {},
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('--size: "lots" is not a size such as 10k, 100k or 1M');
  }, 60_000);
});
