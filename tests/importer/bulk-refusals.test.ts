// The bulk importer's refusals that come before neo4j-admin, Java or any server: bad input is refused with the
// Cypher path's problems and nothing is written; `npm run seed -- --bulk` refuses a remote Neo4j and
// contradictory flags before reading anything. No database is needed, so they run in the unit tier.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bulkImportInto } from "../../src/importer/bulk.ts";
import { bundledSeedFiles, ImportError } from "../../src/importer/index.ts";
import { localBulkTarget, localDatabaseState } from "../../src/neo4j-runtime/bulk-import.ts";
import { runScript } from "../helpers/cli.ts";
import { freePort } from "../helpers/ports.ts";
import { parseSeedYaml, seedYaml } from "../helpers/seed-yaml.ts";

const secondDocument = path.join(
  import.meta.dirname,
  "..",
  "fixtures",
  "second-document",
  "btech-cop-2023-notes.yaml",
);
let workdir: string;

beforeAll(async () => {
  workdir = await mkdtemp(path.join(tmpdir(), "btech-graph-bulk-refusals-"));
});

afterAll(async () => {
  await rm(workdir, { recursive: true, force: true });
});

describe("the bulk importer", () => {
  it("refuses bad input with the Cypher path's problems before writing anything", async () => {
    // The invented second document, one fact pointing at an entity no file defines.
    const draft = parseSeedYaml(await readFile(secondDocument, "utf8")) as { facts: { object: string }[] };
    const fact = draft.facts[0];
    if (!fact) throw new Error("the second document has no fact");
    fact.object = "organization:nowhere";
    const bad = path.join(workdir, "bad.yaml");
    await writeFile(bad, seedYaml(draft));
    await cp(secondDocument.replace(/\.yaml$/, ".txt"), path.join(workdir, "btech-cop-2023-notes.txt"));
    // No jars there: the refusal must come before neo4j-admin is looked for.
    const settings = {
      home: path.join(workdir, "home"),
      jars: path.join(workdir, "no-jars"),
      boltPort: await freePort(),
      heap: "384m",
      pageCache: "64m",
    };
    const refused = await bulkImportInto(localBulkTarget(settings), [bad]).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ImportError);
    expect((refused as ImportError).message).toContain(
      "organization:nowhere is defined in no file of this import and is not in the graph",
    );
    expect((refused as ImportError).message).toContain("bad.yaml: facts[0].object");
    expect(localDatabaseState(settings, "neo4j")).toBe("absent");
  });
});

describe("npm run seed -- --bulk", () => {
  it("refuses a remote Neo4j, saying what to do instead, before reading anything", async () => {
    const { code, stderr } = await runScript(
      "src/importer/cli.ts",
      ["--bulk", ...(await bundledSeedFiles())],
      { NEO4J_URI: "bolt://127.0.0.1:1", NEO4J_PASSWORD: "not-a-real-password" },
    );
    expect(code).toBe(1);
    expect(stderr).toContain(
      "--bulk: it writes the local Neo4j's store, and NEO4J_URI points at another server",
    );
    expect(stderr).toContain("--no-bulk");
  });

  it("refuses --bulk with --no-bulk", async () => {
    const { code, stderr } = await runScript("src/importer/cli.ts", ["--bulk", "--no-bulk"], {});
    expect(code).toBe(1);
    expect(stderr).toContain("give --bulk or --no-bulk, not both");
  });
});
