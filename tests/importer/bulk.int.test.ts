// The bulk importer (src/bulk-import/, issue #17 item 2) writes the graph the Cypher importer writes: the same
// files imported both ways, into the shared server through Cypher and into a throwaway home through
// neo4j-admin, give byte-identical canonical dumps. Also: bad input is refused before anything is written,
// and a failed neo4j-admin run leaves the database as it was.
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { LocalNeo4jSettings } from "../../src/config.ts";
import { createDriver } from "../../src/database.ts";
import { bulkImportInto } from "../../src/importer/bulk.ts";
import { bundledSeedFiles, ImportError, importSeedFiles } from "../../src/importer/index.ts";
import {
  localBulkTarget,
  localDatabaseState,
  runFullImport,
  storeFolders,
} from "../../src/neo4j-runtime/bulk-import.ts";
import { runScript } from "../helpers/cli.ts";
import { type GraphDump, graphDump } from "../helpers/graph-dump.ts";
import { sharedDriver } from "../helpers/neo4j.ts";
import { freePort } from "../helpers/ports.ts";
import { parseSeedYaml, seedYaml } from "../helpers/seed-yaml.ts";
import { generateDataset } from "../helpers/synthetic-graph.ts";

const driver = sharedDriver();
let workdir: string;
let settings: LocalNeo4jSettings;
const secondDocument = path.join(
  import.meta.dirname,
  "..",
  "fixtures",
  "second-document",
  "btech-cop-2023-notes.yaml",
);

beforeAll(async () => {
  workdir = await mkdtemp(path.join(tmpdir(), "btech-graph-bulk-"));
  settings = {
    home: path.join(workdir, "home"),
    jars: inject("neo4jJars"),
    boltPort: await freePort(),
    // Small: the graphs are small, and the machine is shared.
    heap: "384m",
    pageCache: "64m",
  };
});

afterAll(async () => {
  // The next file on this server starts from whatever is left: not a 10k graph too big to clear at once.
  await clearInParts();
  await driver.close();
  await rm(workdir, { recursive: true, force: true });
});

/** Empties the shared server in transactions of a few thousand nodes: the 10k graph is past one's memory. */
async function clearInParts(): Promise<void> {
  const session = driver.session();
  try {
    await session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 2000 ROWS");
  } finally {
    await session.close();
  }
}

/** Imports the files through Cypher into the shared server, emptied first, and dumps the graph. */
async function throughCypher(files: string[]): Promise<GraphDump> {
  await clearInParts();
  await importSeedFiles(driver, "neo4j", files);
  return graphDump(driver);
}

/** Imports the files through neo4j-admin into the empty throwaway home, dumps the graph, and empties it again. */
async function throughBulk(files: string[]): Promise<GraphDump> {
  const target = localBulkTarget(settings, { password: "bulk-test-password" });
  const { connection } = await bulkImportInto(target, files);
  const bulkDriver = createDriver(connection);
  try {
    return await graphDump(bulkDriver);
  } finally {
    await bulkDriver.close();
    await target.discard();
  }
}

/** Equal dumps, and where they first differ when they are not (a 10k dump is too big to print whole). */
function expectSameGraph(bulk: GraphDump, cypher: GraphDump): void {
  expect(bulk.nodes.length).toBe(cypher.nodes.length);
  expect(bulk.relationships.length).toBe(cypher.relationships.length);
  const firstNode = bulk.nodes.findIndex(
    (node, index) => JSON.stringify(node) !== JSON.stringify(cypher.nodes[index]),
  );
  expect(firstNode === -1 ? null : bulk.nodes[firstNode]).toEqual(
    firstNode === -1 ? null : cypher.nodes[firstNode],
  );
  const firstRelationship = bulk.relationships.findIndex(
    (relationship, index) => JSON.stringify(relationship) !== JSON.stringify(cypher.relationships[index]),
  );
  expect(firstRelationship === -1 ? null : bulk.relationships[firstRelationship]).toEqual(
    firstRelationship === -1 ? null : cypher.relationships[firstRelationship],
  );
  expect(JSON.stringify(bulk)).toBe(JSON.stringify(cypher));
}

describe("the bulk importer", () => {
  it("writes the bundled seed and a second document (dated names, validity, inferences) as Cypher does", async () => {
    const files = [...(await bundledSeedFiles()), secondDocument];
    const cypher = await throughCypher(files);
    const bulk = await throughBulk(files);
    // The second document dates names and ends a membership: citations about a validity or a name.
    expect(cypher.relationships.some(({ type, properties }) => type === "CITED_IN" && properties.about)).toBe(
      true,
    );
    expectSameGraph(bulk, cypher);
  }, 600_000);

  it("writes the generated 10k graph byte for byte as the Cypher importer does", async () => {
    const dataset = await generateDataset(10_000, 42, path.join(workdir, "dataset"));
    const cypher = await throughCypher(dataset.files);
    const bulk = await throughBulk(dataset.files);
    expect(cypher.nodes.length).toBeGreaterThan(37_000);
    expectSameGraph(bulk, cypher);
  }, 600_000);

  it("refuses bad input with the Cypher path's problems before writing anything", async () => {
    // The invented second document, one fact pointing at an entity no file defines.
    const draft = parseSeedYaml(await readFile(secondDocument, "utf8")) as { facts: { object: string }[] };
    const fact = draft.facts[0];
    if (!fact) throw new Error("the second document has no fact");
    fact.object = "organization:nowhere";
    const bad = path.join(workdir, "bad.yaml");
    await writeFile(bad, seedYaml(draft));
    await cp(secondDocument.replace(/\.yaml$/, ".txt"), path.join(workdir, "btech-cop-2023-notes.txt"));
    const refused = await bulkImportInto(localBulkTarget(settings), [bad]).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ImportError);
    expect((refused as ImportError).message).toContain(
      "organization:nowhere is defined in no file of this import and is not in the graph",
    );
    expect((refused as ImportError).message).toContain("bad.yaml: facts[0].object");
    expect(localDatabaseState(settings, "neo4j")).toBe("absent");
  });

  it("puts the database back as it was when neo4j-admin fails", async () => {
    const [store] = storeFolders(settings.home, "neo4j");
    if (!store) throw new Error("no store folder");
    await mkdir(store, { recursive: true });
    await writeFile(path.join(store, "marker"), "the store before the import");
    const csvFolder = path.join(workdir, "csv");
    await mkdir(csvFolder, { recursive: true });
    const nodes = path.join(csvFolder, "nodes.csv");
    const relationships = path.join(csvFolder, "relationships.csv");
    await writeFile(nodes, ':ID(Node),id:string\n"company:test-a","company:test-a"\n');
    // A relationship to a node no file has: with --bad-tolerance=0 the import fails.
    await writeFile(
      relationships,
      ':START_ID(Node),:END_ID(Node)\n"company:test-a","organization:nowhere"\n',
    );
    const failed = await runFullImport(
      settings,
      "neo4j",
      {
        nodes: [{ paths: [nodes], labelsOrType: "Entity:Company", multiline: false }],
        relationships: [{ paths: [relationships], labelsOrType: "MEMBER_OF", multiline: false }],
        arrayDelimiter: ";",
      },
      csvFolder,
      () => {},
    ).catch((error: unknown) => error as Error);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toMatch(
      /neo4j-admin database import full failed .*the database is as it was/s,
    );
    expect(await readdir(store)).toEqual(["marker"]);
    expect(existsSync(`${store}.before-bulk-import`)).toBe(false);
    await rm(store, { recursive: true, force: true });
  }, 300_000);
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
