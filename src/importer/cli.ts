// `npm run seed [-- FILE…]`: import seed files (all of seed/*.yaml by default) into the graph.
// `npm run seed -- --remove SOURCE-ID…`: take sources out of the graph, with what only they supported.
// `--bulk` / `--no-bulk`: a first load into the empty local database through neo4j-admin, or through Cypher;
// by default the bulk importer is chosen for big file sets (SEED_BULK_MIN_BYTES) when the database is empty.
import path from "node:path";
import { parseArgs } from "node:util";
import { type Config, ConfigError, loadConfig } from "../config.ts";
import { importerStatements } from "../model/index.ts";
import { localBulkTarget, localDatabaseState } from "../neo4j-runtime/bulk-import.ts";
import { openGraph } from "../neo4j-runtime/connect.ts";
import { RuntimeError } from "../neo4j-runtime/prerequisites.ts";
import { bulkImportInto, totalBytes } from "./bulk.ts";
import { heapWarning } from "./heap.ts";
import {
  bundledSeedFiles,
  formatRemoval,
  formatSummary,
  ImportError,
  importSeedFiles,
  removeSources,
} from "./index.ts";
import { progressBar } from "./progress.ts";

/** A command line that asks for something this command does not do. */
class UsageError extends Error {}

interface CommandLine {
  files: string[];
  remove: string[];
  /** `--bulk` true, `--no-bulk` false, neither: chosen by size and by the database. */
  bulk: boolean | undefined;
}

function parseCommandLine(args: string[]): CommandLine {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: {
        remove: { type: "string", multiple: true },
        bulk: { type: "boolean" },
        "no-bulk": { type: "boolean" },
      },
      allowPositionals: true,
    });
    if (values.bulk && values["no-bulk"]) throw new UsageError("give --bulk or --no-bulk, not both");
    const bulk = values.bulk ? true : values["no-bulk"] ? false : undefined;
    const remove = values.remove ?? [];
    if (remove.length > 0 && positionals.length > 0) {
      throw new UsageError(
        `give either files to import or --remove SOURCE-ID, not both (got ${positionals.join(", ")} and --remove ${remove.join(" ")})`,
      );
    }
    if (remove.length > 0 && bulk !== undefined) {
      throw new UsageError("--bulk and --no-bulk are for imports, not for --remove");
    }
    return { files: positionals, remove, bulk };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `${(error as Error).message}\nusage: npm run seed [-- [--bulk | --no-bulk] FILE…] | npm run seed -- --remove SOURCE-ID [--remove SOURCE-ID…]`,
    );
  }
}

async function main(args: string[]): Promise<void> {
  const { files: given, remove, bulk } = parseCommandLine(args);
  const config = loadConfig();
  const files = given.length > 0 ? given.map((file) => path.resolve(file)) : await bundledSeedFiles();
  // Weighed once: for the heap warning and for the choice of the bulk importer.
  const bytes = remove.length === 0 ? await totalBytes(files) : 0;
  const warning = remove.length === 0 ? heapWarning(bytes) : undefined;
  if (warning) console.error(warning);
  if (remove.length === 0 && (await chooseBulk(config, bytes, bulk))) {
    if (config.neo4j.mode !== "local") throw new Error("unreachable: chooseBulk refuses a remote Neo4j");
    console.error(`Importing ${shown(files)} with the bulk importer (neo4j-admin)…`);
    const log = (line: string) => console.error(line);
    const target = localBulkTarget(config.neo4j.local, {
      database: config.neo4j.database,
      ...(config.neo4j.password ? { password: config.neo4j.password } : {}),
      log,
    });
    try {
      const { summary, timings } = await bulkImportInto(target, files, {
        log,
        onValidated: ({ entities, facts }) => console.error(`Valid: ${entities} entities, ${facts} facts.`),
      });
      const steps = Object.entries(timings).map(([step, seconds]) => `${step} ${seconds.toFixed(1)} s`);
      console.error(`Bulk import done: ${steps.join(", ")}.`);
      console.log(formatSummary(summary));
    } finally {
      await target.stop();
    }
    return;
  }
  const { connection, driver, close } = await openGraph(config, (line) => console.error(line));
  try {
    if (remove.length > 0) {
      console.error(`Removing ${remove.join(", ")}…`);
      console.log(formatRemoval(await removeSources(driver, connection.database, remove)));
      return;
    }
    console.error(`Importing ${shown(files)}…`);
    const summary = await importSeedFiles(driver, connection.database, files, {
      onValidated: ({ entities, facts }) => console.error(`Valid: ${entities} entities, ${facts} facts.`),
      onProgress: progressBar("Writing"),
    });
    console.log(formatSummary(summary));
  } finally {
    await close();
  }
}

/** The files named in a progress line: all of a few, the count and both ends of many (a 1M set is 94 files). */
const shown = (files: string[]) => {
  const names = files.map((file) => path.relative(process.cwd(), file));
  return names.length <= 5 ? names.join(", ") : `${names.length} files (${names[0]} … ${names.at(-1)})`;
};

/**
 * Whether to import through neo4j-admin: asked for (`--bulk`), or, unless refused (`--no-bulk`), when the files
 * weigh (`bytes`) at least SEED_BULK_MIN_BYTES. Only the local runtime's database qualifies, stopped and empty: `--bulk`
 * on a remote or non-empty database, or with the local server running, is refused with what to do instead;
 * the automatic choice falls back to Cypher and says why. A database created but empty is looked at through
 * a started server, which is stopped again.
 */
async function chooseBulk(config: Config, bytes: number, asked: boolean | undefined): Promise<boolean> {
  if (asked === false) return false;
  const threshold = config.seedBulkMinBytes;
  if (asked === undefined && bytes < threshold) return false;
  const why = asked
    ? "--bulk"
    : `${megabytes(bytes)} of files (SEED_BULK_MIN_BYTES is ${megabytes(threshold)})`;
  const decline = (reason: string, instead: string): false => {
    if (asked) throw new UsageError(`--bulk: ${reason}. ${instead}`);
    console.error(`Not using the bulk importer despite ${why}: ${reason}; importing through Cypher.`);
    return false;
  };
  if (config.neo4j.mode !== "local") {
    return decline(
      `it writes the local Neo4j's store, and NEO4J_URI points at another server (${config.neo4j.uri})`,
      "Import through Cypher with --no-bulk, or unset NEO4J_URI to load the project's own Neo4j.",
    );
  }
  const { local, database } = { local: config.neo4j.local, database: config.neo4j.database };
  const state = localDatabaseState(local, database);
  if (state === "running") {
    return decline(
      `Neo4j is running for ${local.home} and the bulk importer needs it stopped`,
      "Stop it with `npm run db:stop` (or stop `npm start`) and run again, or import through Cypher with --no-bulk.",
    );
  }
  if (state === "present") {
    console.error(`Looking whether the database ${database} in ${local.home} is empty…`);
    const graph = await openGraph(config, (line) => console.error(line));
    let empty: boolean;
    try {
      const { records } = await graph.driver.executeQuery(
        importerStatements["database-is-empty"],
        {},
        { database },
      );
      empty = records[0]?.get("empty") === true;
    } finally {
      await graph.close();
    }
    if (!empty) {
      return decline(
        `the database ${database} in ${local.home} is not empty, and the bulk importer only makes a first load`,
        "Import into it through Cypher with --no-bulk (what is imported is merged with what is there), or use an empty NEO4J_HOME.",
      );
    }
  }
  console.error(`Using the bulk importer (${why}; the database ${database} is empty).`);
  return true;
}

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

main(process.argv.slice(2)).catch((error: unknown) => {
  const known =
    error instanceof ImportError ||
    error instanceof ConfigError ||
    error instanceof RuntimeError ||
    error instanceof UsageError;
  console.error(known ? error.message : error);
  process.exit(1);
});
