import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type Express } from "express";
import { GraphQLError } from "graphql";
import type { Driver } from "neo4j-driver";
import { noRepeatedFieldsInConnections, noTypenameInAggregates } from "./api/aggregates.ts";
import { type Caller, callerFromHeader, createTokenVerifier, requireEditor } from "./api/auth.ts";
import { availabilityGate } from "./api/availability.ts";
import { responseCache } from "./api/cache.ts";
import { formatApiError, httpStatusFromErrors, unansweredErrors } from "./api/errors.ts";
import { graphiqlRoutes } from "./api/graphiql.ts";
import { operationLimits, tokenLimit } from "./api/limits.ts";
import { bodyErrors, declaredSizeLimit } from "./api/request-body.ts";
import { AutoCommitRunner } from "./api/runner.ts";
import { buildSchema, featureModules } from "./api/schema.ts";
import { type ApiSettings, loadConfig } from "./config.ts";
import { describeServer } from "./database.ts";
import { explorerPage } from "./explorer/static.ts";
import { exportRouter } from "./export/http.ts";
import { securityHeaders } from "./security-headers.ts";

/** What the app needs from the outside world: a driver to the graph and which database to use. */
export interface AppDependencies {
  driver: Driver;
  database: string;
  /** Auth, limits, masking; defaults to the configuration's defaults (read-only, development). */
  api?: ApiSettings;
}

/** A built, started app that is not yet listening on a port. */
export interface App {
  express: Express;
  /** Stops Apollo; the caller closes the HTTP server, the driver and Neo4j. */
  stop(): Promise<void>;
}

/** What every resolver receives: the caller and what @neo4j/graphql needs to run its Cypher. */
export interface ApiContext extends Caller {
  sessionConfig: { database: string };
  /** Runs the request's statements (./api/runner.ts), with the database and the transaction timeout. */
  executionContext: AutoCommitRunner;
}

/**
 * Builds the whole HTTP app (GraphQL on /graphql, /health, /ready) without listening, so that tests and
 * `main.ts` share it.
 */
export async function createApp({
  driver,
  database,
  api = loadConfig({}).api,
}: AppDependencies): Promise<App> {
  const schema = await buildSchema(driver, api);
  const verify = createTokenVerifier(api.auth);
  const gate = availabilityGate(driver, database);
  const cache = responseCache<ApiContext>(api.cacheSeconds);
  const readRunner = new AutoCommitRunner(driver, database, api.limits.timeoutMs, "READ");
  const writeRunner = new AutoCommitRunner(driver, database, api.limits.timeoutMs, "WRITE", cache.forget);
  // We stop Apollo ourselves, in order, on SIGINT/SIGTERM (see server.ts).
  const apollo = new ApolloServer<ApiContext>({
    schema,
    stopOnTerminationSignals: false,
    introspection: api.introspection,
    // "Did you mean …?" would spell out the schema that closed introspection hides.
    hideSchemaDetailsFromClientErrors: !api.introspection,
    includeStacktraceInErrorResponses: !api.maskErrors,
    validationRules: [noTypenameInAggregates, noRepeatedFieldsInConnections],
    formatError: (formatted, error) =>
      formatApiError(formatted, error, {
        mask: api.maskErrors,
        hideSuggestions: !api.introspection,
        timeoutMs: api.limits.timeoutMs,
      }),
    plugins: [
      // Apollo's landing page loads from a CDN; GraphiQL is served from the app instead (./api/graphiql.ts).
      ApolloServerPluginLandingPageDisabled(),
      operationLimits(
        api.limits,
        Object.assign({}, ...featureModules.map((module) => module.argumentRanges ?? {})),
      ),
      httpStatusFromErrors,
      gate.plugin,
      ...cache.plugins,
      {
        // Anonymous callers read: any mutation, generated or custom, needs the editor role before it runs.
        async requestDidStart() {
          return {
            async didResolveOperation({ operation, contextValue }) {
              if (operation?.operation === "mutation") {
                requireEditor(contextValue);
                // Before any statement runs; Neo4j refuses a write in a read-mode session.
                contextValue.executionContext = writeRunner;
              }
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  const app = express();
  app.disable("x-powered-by");
  app.use(securityHeaders());

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

  // The in-browser IDE needs introspection, so it is offered only where introspection is.
  if (api.introspection) app.use(graphiqlRoutes());

  app.use(
    "/graphql",
    // The token is checked before GraphQL sees the request: a bad token fails it whole, with 401.
    async (req, res, next) => {
      try {
        res.locals.caller = await callerFromHeader(req.headers.authorization, verify);
        next();
      } catch (error) {
        if (!(error instanceof GraphQLError)) return next(error);
        res
          .status(401)
          .json({ errors: [{ message: error.message, extensions: { code: error.extensions.code } }] });
      }
    },
    declaredSizeLimit(api.limits.maxBodyBytes),
    express.json({ limit: api.limits.maxBodyBytes }),
    tokenLimit(api.limits.maxTokens),
    expressMiddleware(apollo, {
      context: async ({ res }): Promise<ApiContext> => ({
        ...(res.locals.caller as Caller),
        sessionConfig: { database },
        executionContext: readRunner,
      }),
    }),
  );

  // Graph exports (src/export) and the explorer page (web/, src/explorer): see docs/explorer.md.
  const anonymous: ApiContext = { sessionConfig: { database }, executionContext: readRunner };
  app.use("/export", exportRouter({ driver, database, apollo, context: anonymous }));
  app.use(explorerPage());

  // Bodies that are too big, not JSON or not readable never reach GraphQL: answered in its error shape too.
  app.use("/graphql", bodyErrors(api.limits.maxBodyBytes));
  app.use(unansweredErrors(!api.maskErrors));

  return {
    express: app,
    stop: () => {
      gate.stop();
      return apollo.stop();
    },
  };
}
