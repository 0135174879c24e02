import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import neo4j, { type Driver } from "neo4j-driver";
import type { LocalNeo4jSettings } from "../config.ts";
import { runtimeStatements } from "../database.ts";
import { constraintStatements, fullTextIndexes, importerStatements } from "../model/index.ts";
import { runFullImport } from "./bulk-import.ts";
import type { JarFolders } from "./jars.ts";
import { freePort, LocalNeo4j } from "./server.ts";

/**
 * Records the JVM class-data archive of the jars (`jars.classDataArchive`) unless it exists: a throwaway
 * Neo4j starts with `-XX:ArchiveClassesAtExit`, answers a query through APOC and GDS so that their classes
 * are loaded too, does a first start's work ({@link firstWork}) and stops. Every later start of any home maps
 * those classes instead of loading them, and so does that work when a start meets it. Takes about as long as
 * one start, once per jar folder.
 */
export async function recordClassData(
  settings: LocalNeo4jSettings,
  jars: JarFolders,
  log: (line: string) => void = () => {},
): Promise<void> {
  await recordArchive(
    jars.classDataArchive,
    "Neo4j's classes for faster starts",
    log,
    async (home, partial) => {
      const server = new LocalNeo4j({ ...settings, home, boltPort: await freePort() });
      try {
        const connection = await server.start({
          password: randomBytes(12).toString("hex"),
          archiveClassesTo: partial,
        });
        const driver = neo4j.driver(
          connection.uri,
          neo4j.auth.basic(connection.username, connection.password),
        );
        try {
          await driver.executeQuery(runtimeStatements["apoc-version"]);
          await driver.executeQuery(runtimeStatements["gds-version"]);
          await firstWork(driver);
        } finally {
          await driver.close();
        }
        await server.stop();
      } finally {
        await server.stop({ force: true });
      }
    },
  );
}

/**
 * A first start's work on a graph, on made-up records in the throwaway home: the model's schema
 * (graph/constraints.cypher, its indexes populated), the importer's create statements in one transaction, and
 * a full-text search. Their classes then come from the archive too: on a just-started server the bundled
 * seed's whole import took 1.90–2.27 s instead of 2.34–2.51 s, and its write 0.82–0.91 s instead of
 * 0.89–1.00 s (30 Nov, four runs each way, interleaved).
 */
async function firstWork(driver: Driver): Promise<void> {
  const session = driver.session({ defaultAccessMode: neo4j.session.WRITE });
  try {
    await session.executeWrite(async (tx) => {
      for (const statement of constraintStatements) await tx.run(statement);
    });
    await session.run(importerStatements["await-indexes"]);
    const cited = [
      { sourceId: "source:archive", section: "1", quote: "q", basis: "STATED", reason: null, about: null },
    ];
    const node = (id: string, type: string, citations: typeof cited | []) => ({
      id,
      type,
      props: { name: id, description: `The ${type} that records the class-data archive` },
      hash: id,
      citations,
    });
    const run = { run: null, runSources: ["source:archive"] };
    await session.executeWrite(async (tx) => {
      await tx.run(importerStatements["create-nodes"], {
        rows: [
          node("source:archive", "Source", []),
          node("organization:archive", "Organization", cited),
          node("theme:archive", "Theme", cited),
        ],
        ...run,
      });
      await tx.run(importerStatements["write-publishers"], {
        rows: [{ sourceId: "source:archive", organizationId: "organization:archive" }],
      });
      await tx.run(importerStatements["create-facts-between-new-entities"], {
        rows: [
          {
            id: "fact:archive",
            subject: "organization:archive",
            object: "theme:archive",
            predicate: "WORKS_ON",
            props: { basis: "STATED" },
            relationshipProps: {},
            hash: "fact:archive",
            citations: cited,
          },
        ],
        ...run,
      });
    });
    for (const index of fullTextIndexes) {
      await session.run(runtimeStatements["full-text-search"], { index: index.name, terms: "archive" });
    }
  } finally {
    await session.close();
  }
}

/**
 * Records the class-data archive of neo4j-admin's import (`jars.adminClassDataArchive`) unless it exists: an
 * import of two nodes and a relationship into a throwaway home runs with `-XX:ArchiveClassesAtExit`. Every
 * later bulk load maps those classes instead of loading them: 0.9 of the 4.6 CPU-seconds neo4j-admin costs
 * before it reads a row (measured three times each way on a tiny import, 30 Nov). Takes about 6 s, once per
 * jar folder.
 */
export async function recordAdminClassData(
  settings: LocalNeo4jSettings,
  jars: JarFolders,
  log: (line: string) => void = () => {},
): Promise<void> {
  await recordArchive(
    jars.adminClassDataArchive,
    "neo4j-admin's classes for faster bulk loads",
    log,
    async (home, partial) => {
      const nodes = path.join(home, "nodes.csv");
      const relationships = path.join(home, "relationships.csv");
      await writeFile(nodes, ':ID(Node),id:string\n0,"a"\n1,"b"\n');
      await writeFile(relationships, ":START_ID(Node),:END_ID(Node)\n0,1\n");
      await runFullImport(
        { ...settings, home, heap: "256m", pageCache: "64m" },
        "neo4j",
        {
          nodes: [{ paths: [nodes], labelsOrType: "Entity", multiline: false }],
          relationships: [{ paths: [relationships], labelsOrType: "LINK", multiline: false }],
          arrayDelimiter: ";",
          idType: "integer",
        },
        home,
        () => {},
        { archiveClassesTo: partial },
      );
    },
  );
}

/**
 * Runs `record` (a JVM told to archive its classes to `partial`) in a throwaway home unless `archive` exists,
 * and moves the archive into place only once complete.
 */
async function recordArchive(
  archive: string,
  what: string,
  log: (line: string) => void,
  record: (home: string, partial: string) => Promise<void>,
): Promise<void> {
  if (existsSync(archive)) return;
  log(`Recording ${what} (once)…`);
  const home = await mkdtemp(path.join(tmpdir(), "btech-graph-class-data-"));
  const partial = `${archive}.${process.pid}.tmp`;
  try {
    await record(home, partial);
    if (!existsSync(partial)) {
      log(`The JVM wrote no class-data archive; ${path.basename(archive)} is not used.`);
      return;
    }
    await rename(partial, archive);
    log(`Class-data archive ready: ${path.basename(archive)}.`);
  } finally {
    await rm(partial, { force: true });
    await rm(home, { recursive: true, force: true });
  }
}
