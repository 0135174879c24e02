// The bulk importer (src/importer/bulk.ts, issue #17 item 2) writes the graph the Cypher importer writes: the
// same files imported both ways, into the worker's server through Cypher and into a throwaway home through
// neo4j-admin, give byte-identical canonical dumps. Also: a failed neo4j-admin run leaves the database as it
// was. The refusals that come before neo4j-admin are in bulk-refusals.test.ts (no database needed).
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { LocalNeo4jSettings } from "../../src/config.ts";
import { createDriver } from "../../src/database.ts";
import { bulkImportInto } from "../../src/importer/bulk.ts";
import { bundledSeedFiles, importSeedFiles } from "../../src/importer/index.ts";
import { localBulkTarget, runFullImport, storeFolders } from "../../src/neo4j-runtime/bulk-import.ts";
import { type GraphDump, graphDump } from "../helpers/graph-dump.ts";
import { sharedDriver } from "../helpers/neo4j.ts";
import { freePort } from "../helpers/ports.ts";
import { generateDataset, sourceIdOf } from "../helpers/synthetic-graph.ts";

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

/**
 * Imports the files through neo4j-admin into the empty throwaway home, dumps the graph, and empties it again.
 * The bulk load recounts no tally (they are written with the nodes, first-load-tallies.ts), so the comparison
 * with the Cypher path, which recounts through graph/tallies/refresh.cypher, proves the two countings agree.
 */
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
  // One file set holds both proofs (their ids and sources do not meet: the generated ones all say
  // `synthetic`), so they cost one Cypher import, one neo4j-admin run and one server start between them.
  it("writes the bundled seed, a second document (dated names, validity, inferences) and the generated 10k graph byte for byte as Cypher does", async () => {
    const seed = [...(await bundledSeedFiles()), secondDocument];
    const dataset = await generateDataset(10_000, 42, path.join(workdir, "dataset"));
    const files = [...seed, ...dataset.files];
    const cypher = await throughCypher(files);
    const bulk = await throughBulk(files);
    const ids = new Set(cypher.nodes.map(({ properties }) => properties.id));
    // The seed's and the second document's sources and entities are there beside the generated ones…
    for (const id of [
      "source:btech-cop-2022-year-end-review",
      "source:test-cop-2023-notes",
      "organization:ohchr",
      sourceIdOf(10_000, 42, 0),
    ])
      expect(ids).toContain(id);
    expect(cypher.nodes.length).toBeGreaterThan(37_000);
    expect([...ids].filter((id) => String(id).includes("synthetic")).length).toBeGreaterThan(10_000);
    // …and the second document dates names and ends a membership: citations about a validity or a name.
    expect(cypher.relationships.some(({ type, properties }) => type === "CITED_IN" && properties.about)).toBe(
      true,
    );
    expectSameGraph(bulk, cypher);
  }, 900_000);

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
        idType: "string",
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
