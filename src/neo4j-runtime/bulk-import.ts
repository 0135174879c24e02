// `neo4j-admin database import full`, run from the project's own jars against a local home whose server is
// stopped. What the database held before (nothing, or an empty store) is put back if the import fails. The
// importer's bulk path (src/importer/bulk.ts) writes the files and drives these steps through `localBulkTarget`.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import type { BulkImportFiles, BulkTarget } from "../bulk-target.ts";
import type { LocalNeo4jSettings } from "../config.ts";
import { homeLayout, prepareHome } from "./home.ts";
import { ensureJars } from "./jars.ts";
import { checkJava, RuntimeError } from "./prerequisites.ts";
import { assertPortFree, LocalNeo4j, runningPid } from "./server.ts";

/** The folders that hold one database's store and transaction logs in a home. */
export function storeFolders(home: string, database: string): string[] {
  const { data } = homeLayout(home);
  return [path.join(data, "databases", database), path.join(data, "transactions", database)];
}

/** Whether a server runs for the home, or else whether its database was ever created. */
export function localDatabaseState(
  settings: LocalNeo4jSettings,
  database: string,
): "running" | "absent" | "present" {
  if (runningPid(homeLayout(settings.home).pidFile, settings.home) !== undefined) return "running";
  return storeFolders(settings.home, database).some((folder) => existsSync(folder)) ? "present" : "absent";
}

/**
 * Runs `neo4j-admin database import full` on the CSV files, into `database` of the home, whose server must be
 * stopped and whose database must be empty or absent (the caller checked). Progress goes to `log` stage by
 * stage. Every bad entry fails the import (`--bad-tolerance=0`); then the store is as it was before and a
 * `RuntimeError` says what neo4j-admin reported and what to do. `archiveClassesTo` records the classes the
 * run loads into a class-data archive (see recordAdminClassData in class-data.ts); otherwise the archive of the
 * jars is used when it exists.
 */
export async function runFullImport(
  settings: LocalNeo4jSettings,
  database: string,
  csv: BulkImportFiles,
  workFolder: string,
  log: (line: string) => void,
  { archiveClassesTo }: { archiveClassesTo?: string } = {},
): Promise<void> {
  checkJava();
  const jars = await ensureJars(settings.jars, log);
  await prepareHome(settings, jars);
  const stores = storeFolders(settings.home, database);
  const aside = stores.filter((folder) => existsSync(folder));
  for (const folder of aside) await rename(folder, `${folder}.before-bulk-import`);
  const multiline = [...csv.nodes, ...csv.relationships]
    .filter((file) => file.multiline)
    .map((file) => file.paths.at(-1) as string);
  const classData = archiveClassesTo
    ? [`-XX:ArchiveClassesAtExit=${archiveClassesTo}`]
    : existsSync(jars.adminClassDataArchive)
      ? [`-XX:SharedArchiveFile=${jars.adminClassDataArchive}`]
      : [];
  const args = [
    ...classData,
    `-Xmx${settings.heap}`,
    // A batch job, where throughput is all that counts: the parallel collector's cheaper barriers took the
    // 100k import from 9.1 to 8.2 s (medians of five runs each way, interleaved) and 2 CPU-seconds less than
    // G1, the JVM's default, whose concurrent threads compete with the import's on 2 cores.
    "-XX:+UseParallelGC",
    "-Dfile.encoding=UTF-8",
    "-cp",
    path.join(jars.lib, "*"),
    // The tool itself, in this JVM. `Neo4jAdminCommand` (what the `neo4j-admin` script runs) only starts a
    // second JVM with AdminTool, the same arguments and the same heap: one JVM start less.
    "org.neo4j.cli.AdminTool",
    "database",
    "import",
    "full",
    database,
    // A bad entry is then told with its file, line, field and value (see the failure below).
    "--verbose",
    `--id-type=${csv.idType}`,
    `--array-delimiter=U+${csv.arrayDelimiter.charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}`,
    "--bad-tolerance=0",
    "--skip-bad-relationships=false",
    "--skip-duplicate-nodes=false",
    "--strict=true",
    // Its default takes 90 % of the machine's free memory: the machine is shared, and the store it builds
    // needs far less at the sizes this project meets.
    `--max-off-heap-memory=${offHeapMemory(settings.pageCache)}`,
    `--report-file=${path.join(workFolder, "import.report")}`,
    ...(multiline.length > 0
      ? ["--multiline-fields-format=v2", `--multiline-fields=${multiline.join(",")}`]
      : []),
    ...csv.nodes.map((file) => `--nodes=${file.labelsOrType}=${file.paths.join(",")}`),
    ...csv.relationships.map((file) => `--relationships=${file.labelsOrType}=${file.paths.join(",")}`),
  ];
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn("java", args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NEO4J_HOME: settings.home, NEO4J_CONF: homeLayout(settings.home).conf },
    });
    const read = (stream: NodeJS.ReadableStream) =>
      createInterface({ input: stream }).on("line", (line) => {
        output.push(line);
        // The stages as they start, and the closing figures; the progress bars would flood a terminal.
        const stage = /^([A-Z][^,[]*), started \d{4}-/.exec(line)?.[1];
        if (stage) log(`  neo4j-admin: ${stage}…`);
        else if (/^IMPORT |^ {2}\d+ (nodes|relationships|properties)$/.test(line))
          log(`  neo4j-admin: ${line.trim()}`);
      });
    read(child.stdout);
    read(child.stderr);
    child.once("error", reject);
    child.once("close", resolve);
  });
  if (code === 0) {
    for (const folder of aside) await rm(`${folder}.before-bulk-import`, { recursive: true, force: true });
    return;
  }
  for (const folder of stores) await rm(folder, { recursive: true, force: true });
  for (const folder of aside) await rename(`${folder}.before-bulk-import`, folder);
  // With --verbose, a bad entry is told in four lines (file and line, field, value, cause): those, once.
  const detail = ["data source:", "in field:", "raw field value:", "original error:"]
    .map((label) => output.find((line) => line.trim().startsWith(label))?.trim())
    .filter((line) => line !== undefined);
  const said =
    detail.length > 0
      ? detail
      : output.filter((line) => /IMPORT FAILED|Error|error/.test(line) && !/^\s+at /.test(line)).slice(-6);
  throw new RuntimeError(
    `neo4j-admin database import full failed (exit code ${code}); nothing was imported and the database is as it was (empty). It said:\n  ${said.join("\n  ")}\nFix the cause above and run again, or import through Cypher with --no-bulk.`,
  );
}

/** The page cache size, at least 1 GiB, as the importer's bound on memory outside its heap. */
function offHeapMemory(pageCache: string): string {
  const value = Number.parseInt(pageCache, 10);
  const unit = pageCache.slice(-1).toLowerCase();
  const mebibytes = unit === "g" ? value * 1024 : unit === "k" ? value / 1024 : value;
  return `${Math.max(1024, Math.floor(mebibytes))}m`;
}

/** The bulk target of a local home (see src/bulk-target.ts), whose server can also be stopped. */
export interface LocalBulkTarget extends BulkTarget {
  /** Stops the server started by `start`. */
  stop(): Promise<void>;
  /** The server started by `start`. */
  readonly server: LocalNeo4j;
}

/**
 * The local home of `settings` as the target of a bulk load (see `bulkImportInto` in src/importer/bulk.ts).
 *
 * @example
 * const target = localBulkTarget(settings, { password, log: console.error });
 * const { summary } = await bulkImportInto(target, files);
 * await target.stop();
 */
export function localBulkTarget(
  settings: LocalNeo4jSettings,
  {
    database = "neo4j",
    password,
    log = () => {},
  }: { database?: string; password?: string; log?: (line: string) => void } = {},
): LocalBulkTarget {
  const server = new LocalNeo4j(settings);
  return {
    server,
    describe: () => `the database ${database} in ${settings.home}`,
    assertReady: async () => {
      if (localDatabaseState(settings, database) === "running") {
        throw new RuntimeError(
          `Neo4j is running for ${settings.home}: the bulk importer needs it stopped. Stop it with \`npm run db:stop\` (or stop \`npm start\`), then run again.`,
        );
      }
      // Found now rather than after minutes of import: the server is started on this port at the end.
      await assertPortFree(settings.boltPort);
    },
    workFolder: () => homeLayout(settings.home).import,
    importFull: (files, workFolder) => runFullImport(settings, database, files, workFolder, log),
    start: async () => ({
      ...(await server.start({ ...(password ? { password } : {}), log })),
      database,
    }),
    stop: () => server.stop(),
    discard: async () => {
      await server.stop();
      for (const folder of storeFolders(settings.home, database))
        await rm(folder, { recursive: true, force: true });
    },
  };
}
