// `npm run seed [-- FILE…]`: import seed files (all of seed/*.yaml by default) into the graph.
// `npm run seed -- --remove SOURCE-ID…`: take sources out of the graph, with what only they supported.
import path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config.ts";
import { openGraph } from "../neo4j-runtime/connect.ts";
import { RuntimeError } from "../neo4j-runtime/prerequisites.ts";
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

function parseCommandLine(args: string[]): { files: string[]; remove: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { remove: { type: "string", multiple: true } },
      allowPositionals: true,
    });
    const remove = values.remove ?? [];
    if (remove.length > 0 && positionals.length > 0) {
      throw new UsageError(
        `give either files to import or --remove SOURCE-ID, not both (got ${positionals.join(", ")} and --remove ${remove.join(" ")})`,
      );
    }
    return { files: positionals, remove };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `${(error as Error).message}\nusage: npm run seed [-- FILE…] | npm run seed -- --remove SOURCE-ID [--remove SOURCE-ID…]`,
    );
  }
}

async function main(args: string[]): Promise<void> {
  const { files: given, remove } = parseCommandLine(args);
  const config = loadConfig();
  const { connection, driver, close } = await openGraph(config, (line) => console.error(line));
  try {
    if (remove.length > 0) {
      console.error(`Removing ${remove.join(", ")}…`);
      console.log(formatRemoval(await removeSources(driver, connection.database, remove)));
      return;
    }
    const files = given.length > 0 ? given.map((file) => path.resolve(file)) : await bundledSeedFiles();
    console.error(`Importing ${files.map((file) => path.relative(process.cwd(), file)).join(", ")}…`);
    const summary = await importSeedFiles(driver, connection.database, files, {
      onValidated: ({ entities, facts }) => console.error(`Valid: ${entities} entities, ${facts} facts.`),
      onProgress: progressBar("Writing"),
    });
    console.log(formatSummary(summary));
  } finally {
    await close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const known =
    error instanceof ImportError ||
    error instanceof ConfigError ||
    error instanceof RuntimeError ||
    error instanceof UsageError;
  console.error(known ? error.message : error);
  process.exit(1);
});
