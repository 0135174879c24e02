// `npm start`: boot btech-graph and stop it cleanly on Ctrl-C or SIGTERM.
import { ConfigError, loadConfig } from "../config.ts";
import { IncompatibleServerError } from "../database.ts";
import { ImportError } from "../importer/index.ts";
import { RuntimeError } from "../neo4j-runtime/prerequisites.ts";
import { ListenError } from "./listen.ts";
import { startServer } from "./server.ts";

try {
  const server = await startServer(loadConfig());
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping btech-graph…`);
    await server.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
} catch (error) {
  const known =
    error instanceof ConfigError ||
    error instanceof RuntimeError ||
    error instanceof IncompatibleServerError ||
    error instanceof ImportError ||
    error instanceof ListenError;
  console.error(known ? error.message : error);
  process.exit(1);
}
