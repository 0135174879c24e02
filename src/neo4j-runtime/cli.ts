// `npm run db:start` / `npm run db:stop`: run the project's local Neo4j on its own, e.g. to query it with a
// Neo4j client while developing. `npm start` adopts a server started this way and leaves it running.
// `jars` fetches the jars and records their class-data archives (the server's and neo4j-admin's), without
// starting a server to keep (CI does it as a step of its own, to show the download apart).
import { ConfigError, loadConfig } from "../config.ts";
import { recordAdminClassData, recordClassData } from "./class-data.ts";
import { ensureJars } from "./jars.ts";
import { RuntimeError } from "./prerequisites.ts";
import { LocalNeo4j } from "./server.ts";

async function main(command: string | undefined): Promise<void> {
  const config = loadConfig();
  if (config.neo4j.mode !== "local") {
    throw new ConfigError(
      "NEO4J_URI is set, so this project runs no Neo4j of its own: unset it to use db:start.",
    );
  }
  const server = new LocalNeo4j(config.neo4j.local);
  switch (command) {
    case "start": {
      const connection = await server.start({
        ...(config.neo4j.password ? { password: config.neo4j.password } : {}),
        log: console.log,
        stopWithParent: false,
      });
      console.log(`Neo4j is running at ${connection.uri} (user neo4j). Stop it with: npm run db:stop`);
      return;
    }
    case "jars": {
      const jars = await ensureJars(config.neo4j.local.jars, console.log);
      await recordClassData(config.neo4j.local, jars, console.log);
      await recordAdminClassData(config.neo4j.local, jars, console.log);
      return;
    }
    case "stop":
      await server.stop({ force: true });
      console.log("Neo4j is stopped.");
      return;
    default:
      throw new ConfigError("Usage: tsx src/neo4j-runtime/cli.ts start|stop|jars");
  }
}

main(process.argv[2]).catch((error: unknown) => {
  const known = error instanceof RuntimeError || error instanceof ConfigError;
  console.error(known ? error.message : error);
  process.exit(1);
});
