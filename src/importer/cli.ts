// `npm run seed [-- FILE…]`: import seed files (all of seed/*.yaml by default) into the graph.
import path from "node:path";
import { ConfigError, loadConfig } from "../config.ts";
import { openGraph } from "../neo4j-runtime/connect.ts";
import { RuntimeError } from "../neo4j-runtime/prerequisites.ts";
import { bundledSeedFiles, formatSummary, ImportError, importSeedFiles } from "./index.ts";
import { progressBar } from "./progress.ts";

async function main(args: string[]): Promise<void> {
  const config = loadConfig();
  const files = args.length > 0 ? args.map((file) => path.resolve(file)) : await bundledSeedFiles();
  const { connection, driver, close } = await openGraph(config, (line) => console.error(line));
  try {
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
  const known = error instanceof ImportError || error instanceof ConfigError || error instanceof RuntimeError;
  console.error(known ? error.message : error);
  process.exit(1);
});
