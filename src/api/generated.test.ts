// The committed schema and typed operations must match what `npm run codegen` makes from graph/ today.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { generate } from "@graphql-codegen/cli";
import { describe, expect, it } from "vitest";
import codegenConfig from "../../codegen.ts";
import { projectRoot } from "../config.ts";
import { printApiSchema, printedSchemaPath } from "./print-schema.ts";

const stale = (file: string) =>
  `${file} is out of date with graph/ and src/api: run \`npm run codegen\` and commit it`;

describe("generated files", () => {
  it("graph/generated/schema.graphql is the schema the server builds", async () => {
    expect(await readFile(printedSchemaPath, "utf8"), stale("graph/generated/schema.graphql")).toBe(
      await printApiSchema(),
    );
  });

  it("graph/generated/*.ts types every named operation as codegen would now", async () => {
    const files: { filename: string; content: string }[] = await generate(
      { ...codegenConfig, silent: true, cwd: projectRoot },
      false,
    );
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const committed = await readFile(path.resolve(projectRoot, file.filename), "utf8").catch(
        () => "(missing)",
      );
      expect(committed, stale(file.filename)).toBe(file.content);
    }
  }, 60_000);
});
