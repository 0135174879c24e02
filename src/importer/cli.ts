// `npm run seed [-- FILE…]`: import seed files (all of seed/*.yaml by default) into the graph.
import path from "node:path";
import { ConfigError, loadConfig } from "../config.ts";
import { createDriver, type Neo4jConnection } from "../database.ts";
import { RuntimeError } from "../neo4j-runtime/prerequisites.ts";
import { LocalNeo4j } from "../neo4j-runtime/server.ts";
import { bundledSeedFiles, formatSummary, ImportError, importSeedFiles } from "./index.ts";
import { progressBar } from "./progress.ts";

async function main(args: string[]): Promise<void> {
  const config = loadConfig();
  const files = args.length > 0 ? args.map((file) => path.resolve(file)) : await bundledSeedFiles();
  let local: LocalNeo4j | undefined;
  let connection: Neo4jConnection;
  if (config.neo4j.mode === "local") {
    // Uses the server `npm start` or `db:start` runs, or starts one for the import and stops it after.
    local = new LocalNeo4j(config.neo4j.local);
    const started = await local.start({
      ...(config.neo4j.password ? { password: config.neo4j.password } : {}),
      log: (line) => console.error(line),
    });
    connection = { ...started, database: config.neo4j.database };
  } else {
    connection = config.neo4j;
  }
  const driver = createDriver(connection);
  try {
    console.error(`Importing ${files.map((file) => path.relative(process.cwd(), file)).join(", ")}…`);
    const summary = await importSeedFiles(driver, connection.database, files, {
      onValidated: ({ entities, facts }) => console.error(`Valid: ${entities} entities, ${facts} facts.`),
      onProgress: progressBar("Writing"),
    });
    console.log(formatSummary(summary));
  } finally {
    await driver.close();
    await local?.stop();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const known = error instanceof ImportError || error instanceof ConfigError || error instanceof RuntimeError;
  console.error(known ? error.message : error);
  process.exit(1);
});
