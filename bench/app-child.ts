// The API as `npm start` serves it (createApp, production settings), listening on a free loopback port of
// its own process, against the benchmark's Neo4j. Prints `{"url": …}` once it listens.
import type { AddressInfo } from "node:net";
import { createApp } from "../src/app/app.ts";
import { loadConfig } from "../src/config.ts";
import { createDriver } from "../src/database.ts";

const driver = createDriver({
  uri: process.env.BENCH_NEO4J_URI ?? "",
  username: "neo4j",
  password: process.env.BENCH_NEO4J_PASSWORD ?? "",
  database: "neo4j",
});
const app = await createApp({ driver, database: "neo4j", api: loadConfig().api });
const server = app.express.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  console.log(JSON.stringify({ url: `http://127.0.0.1:${port}` }));
});
server.on("checkContinue", app.checkContinue);
const stop = async () => {
  server.close();
  await app.stop();
  await driver.close();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
