// The layering of README.md ("Where things are"), as .dependency-cruiser.cjs enforces it: the project keeps
// it, and each rule catches what it names in a small tree of its own (so a rule that matches nothing, after
// a rename or a typo in a pattern, fails here rather than passing everything).
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { cruise, type IConfiguration } from "dependency-cruiser";
import { afterEach, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config.ts";

const config = createRequire(import.meta.url)(
  path.join(projectRoot, ".dependency-cruiser.cjs"),
) as IConfiguration;
const folders = ["src", "bench", "tests"];

/** The rules a tree breaks, as `rule: from → to`, sorted. */
async function violations(baseDir: string): Promise<string[]> {
  const present = folders.filter((folder) => existsSync(path.join(baseDir, folder)));
  const { output } = await cruise(present, {
    ...config.options,
    ruleSet: { forbidden: config.forbidden },
    validate: true,
    baseDir,
    tsConfig: { fileName: path.join(projectRoot, "tsconfig.json") },
  });
  if (typeof output === "string") throw new Error(`dependency-cruiser answered text: ${output}`);
  return [
    ...new Set(output.summary.violations.map(({ rule, from, to }) => `${rule.name}: ${from} → ${to}`)),
  ].sort();
}

const trees: string[] = [];
afterEach(async () => {
  await Promise.all(trees.splice(0).map((tree) => rm(tree, { recursive: true, force: true })));
});

/** Writes a tree of modules: path → the paths it imports (relative specifiers are derived). */
async function tree(modules: Record<string, string[]>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "btech-deps-"));
  trees.push(root);
  for (const [file, imports] of Object.entries(modules)) {
    await mkdir(path.join(root, path.dirname(file)), { recursive: true });
    const lines = imports.map((target, index) => {
      const specifier = path.relative(path.dirname(file), target);
      return `import { x as x${index} } from "${specifier.startsWith(".") ? specifier : `./${specifier}`}";`;
    });
    await writeFile(path.join(root, file), `${lines.join("\n")}\nexport const x = ${imports.length};\n`);
  }
  return root;
}

describe("the project's own dependencies", () => {
  it("break no rule", async () => {
    expect(await violations(projectRoot)).toEqual([]);
  });
});

describe("each rule of .dependency-cruiser.cjs", () => {
  const base = {
    "src/config.ts": [],
    "src/model/index.ts": ["src/config.ts"],
    "src/importer/index.ts": ["src/model/index.ts"],
  };

  it("allows the intended arrows: plumbing ← model ← features ← composition, editing → importer, bench → tests/helpers", async () => {
    const root = await tree({
      ...base,
      "src/caller.ts": [],
      "src/editing/index.ts": ["src/importer/index.ts", "src/caller.ts", "src/model/index.ts"],
      "src/analytics/graphql.ts": ["src/caller.ts"],
      "src/api/schema.ts": ["src/analytics/graphql.ts", "src/editing/index.ts"],
      "src/app/app.ts": ["src/api/schema.ts", "src/importer/index.ts"],
      "src/export/cli.ts": ["src/api/schema.ts"],
      "tests/helpers/ports.ts": [],
      "tests/api/x.int.test.ts": ["tests/helpers/ports.ts", "src/app/app.ts"],
      "bench/run.ts": ["tests/helpers/ports.ts", "src/app/app.ts"],
    });
    expect(await violations(root)).toEqual([]);
  });

  it("catches a cycle between two modules, and between their folders", async () => {
    const root = await tree({
      ...base,
      "src/analytics/a.ts": ["src/export/b.ts"],
      "src/export/b.ts": ["src/analytics/a.ts"],
    });
    const found = await violations(root);
    // The cycle is reported once, from whichever of its modules the cruise meets first.
    expect(found.filter((violation) => violation.startsWith("no-circular: "))).toHaveLength(1);
    expect(found.filter((violation) => !violation.startsWith("no-circular: "))).toEqual([
      "features-import-no-other-feature: src/analytics/a.ts → src/export/b.ts",
      "features-import-no-other-feature: src/export/b.ts → src/analytics/a.ts",
      "no-folder-cycles: src/analytics → src/export",
      "no-folder-cycles: src/export → src/analytics",
    ]);
  });

  it("catches a cycle between folders that no single module closes", async () => {
    const root = await tree({
      ...base,
      "src/api/schema.ts": ["src/analytics/graphql.ts"],
      "src/api/auth.ts": [],
      "src/analytics/graphql.ts": ["src/api/auth.ts"],
    });
    expect(await violations(root)).toEqual([
      "features-import-no-other-feature: src/analytics/graphql.ts → src/api/auth.ts",
      "no-folder-cycles: src/analytics → src/api",
      "no-folder-cycles: src/api → src/analytics",
    ]);
  });

  it("keeps plumbing and the model below every feature", async () => {
    const root = await tree({
      "src/config.ts": ["src/importer/index.ts"],
      "src/model/index.ts": ["src/importer/format.ts"],
      "src/importer/index.ts": [],
      "src/importer/format.ts": [],
    });
    expect(await violations(root)).toEqual([
      "model-imports-only-plumbing: src/model/index.ts → src/importer/format.ts",
      "plumbing-imports-only-plumbing: src/config.ts → src/importer/index.ts",
    ]);
  });

  it("lets editing reach the importer only, and nothing reach composition or a command", async () => {
    const root = await tree({
      ...base,
      "src/api/auth.ts": [],
      "src/app/app.ts": [],
      "src/export/cli.ts": [],
      "src/editing/index.ts": ["src/importer/index.ts", "src/api/auth.ts"],
      "src/explorer/static.ts": ["src/app/app.ts"],
      "src/export/http.ts": ["src/export/cli.ts"],
    });
    expect(await violations(root)).toEqual([
      "editing-imports-only-the-importer: src/editing/index.ts → src/api/auth.ts",
      "features-import-no-other-feature: src/explorer/static.ts → src/app/app.ts",
      "nothing-imports-a-command: src/export/http.ts → src/export/cli.ts",
      "nothing-imports-composition: src/explorer/static.ts → src/app/app.ts",
    ]);
  });

  it("makes bench and tests share only tests/helpers/, which imports no tier", async () => {
    const root = await tree({
      "src/config.ts": ["tests/helpers/ports.ts"],
      "tests/helpers/ports.ts": [],
      "tests/helpers/graph.ts": ["tests/resilience/support.ts"],
      "tests/resilience/support.ts": [],
      "tests/resilience/faults.int.test.ts": ["bench/generate.ts"],
      "bench/generate.ts": [],
      "bench/soak.ts": ["tests/resilience/support.ts", "tests/helpers/ports.ts"],
    });
    expect(await violations(root)).toEqual([
      "bench-imports-only-test-helpers: bench/soak.ts → tests/resilience/support.ts",
      "no-folder-cycles: bench → tests/helpers",
      "no-folder-cycles: bench → tests/resilience",
      "no-folder-cycles: tests/helpers → tests/resilience",
      "no-folder-cycles: tests/resilience → bench",
      "src-imports-no-test-or-bench: src/config.ts → tests/helpers/ports.ts",
      "test-helpers-stand-alone: tests/helpers/graph.ts → tests/resilience/support.ts",
      "tests-import-no-bench: tests/resilience/faults.int.test.ts → bench/generate.ts",
    ]);
  });
});
