import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import neo4j from "neo4j-driver";
import type { LocalNeo4jSettings } from "../config.ts";
import { runtimeStatements } from "../database.ts";
import { runFullImport } from "./bulk-import.ts";
import type { JarFolders } from "./jars.ts";
import { freePort, LocalNeo4j } from "./server.ts";

/**
 * Records the JVM class-data archive of the jars (`jars.classDataArchive`) unless it exists: a throwaway
 * Neo4j starts with `-XX:ArchiveClassesAtExit`, answers a query through APOC and GDS so that their classes
 * are loaded too, and stops. Every later start of any home maps those classes instead of loading them. Takes
 * about as long as one start, once per jar folder.
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
