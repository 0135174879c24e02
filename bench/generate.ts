// `npm run generate -- --size 100k --out DIR`: writes the synthetic seed files the benchmark imports, so anyone
// can try a big import (`npm run seed -- DIR/*.yaml`). The data is made up and says so in every file.
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { generateDataset } from "../tests/helpers/synthetic-graph.ts";
import { parseSize, sizeLabel } from "./sizes.ts";

const usage = "Usage: npm run generate -- --size 100k --out DIR [--seed 42]";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: "string" },
      out: { type: "string" },
      seed: { type: "string", default: "42" },
    },
  });
  if (values.size === undefined || values.out === undefined) throw new Error(`${usage}.`);
  const size = parseSize(values.size, "--size");
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed: "${values.seed}" is not a whole number.`);
  const folder = path.resolve(values.out);
  // The generator empties its folder before writing: only a new, empty or previously generated one will do.
  if (existsSync(folder)) {
    const names = await readdir(folder);
    if (names.length > 0 && !names.includes("manifest.json")) {
      throw new Error(
        `--out ${values.out} is a folder with other files in it; choose a new or empty folder (the generator replaces what is in it).`,
      );
    }
  }
  const dataset = await generateDataset(size, seed, folder, (line) => console.error(line));
  const files = dataset.files.length === 1 ? "1 file" : `${dataset.files.length} files`;
  console.log(
    `${sizeLabel(size)}: ${dataset.entities} entities and ${dataset.facts} facts in ${files} in ${values.out}.\nImport them with: npm run seed -- ${path.join(values.out, "*.yaml")}`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
