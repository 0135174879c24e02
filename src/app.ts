import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type Express } from "express";
import type { Driver } from "neo4j-driver";
import { buildSchema } from "./api/schema.ts";
import { describeServer } from "./database.ts";

/** What the app needs from the outside world: a driver to the graph and which database to use. */
export interface AppDependencies {
  driver: Driver;
  database: string;
}

/** A built, started app that is not yet listening on a port. */
export interface App {
  express: Express;
  /** Stops Apollo; the caller closes the HTTP server, the driver and Neo4j. */
  stop(): Promise<void>;
}

/**
 * Builds the whole HTTP app (GraphQL on /graphql, /health, /ready) without listening, so that tests and
 * `main.ts` share it.
 */
export async function createApp({ driver, database }: AppDependencies): Promise<App> {
  const schema = await buildSchema(driver);
  // We stop Apollo ourselves, in order, on SIGINT/SIGTERM (see server.ts).
  const apollo = new ApolloServer({ schema, stopOnTerminationSignals: false });
  await apollo.start();

  const app = express();
  app.disable("x-powered-by");

  app.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });

  app.get("/ready", async (_req, res) => {
    try {
      const neo4j = await describeServer(driver, database);
      res.json({ status: "ready", neo4j });
    } catch {
      res.status(503).json({ status: "unavailable", error: "graph database unavailable" });
    }
  });

  app.use(
    "/graphql",
    express.json({ limit: "100kb" }),
    expressMiddleware(apollo, {
      context: async () => ({ sessionConfig: { database } }),
    }),
  );

  return { express: app, stop: () => apollo.stop() };
}
