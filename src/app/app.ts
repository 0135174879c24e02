import type { RequestListener } from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type Express } from "express";
import { GraphQLError } from "graphql";
import type { Driver } from "neo4j-driver";
import { type AnalyticsRuntime, createAnalyticsRuntime } from "../analytics/graphql.ts";
import { noRepeatedFieldsInConnections, noTypenameInAggregates } from "../api/aggregates.ts";
import { callerFromHeader, createTokenVerifier } from "../api/auth.ts";
import { availabilityGate } from "../api/availability.ts";
import { responseCache } from "../api/cache.ts";
import { formatApiError, httpStatusFromErrors, unansweredErrors } from "../api/errors.ts";
import { graphiqlRoutes } from "../api/graphiql.ts";
import { operationLimits, tokenLimit } from "../api/limits.ts";
import { bodyErrors, continueWithinLimit, declaredSizeLimit } from "../api/request-body.ts";
import { AutoCommitRunner } from "../api/runner.ts";
import { buildSchema, featureModules } from "../api/schema.ts";
import { type Caller, requireEditor } from "../caller.ts";
import { type AnalyticsSettings, type ApiSettings, loadConfig } from "../config.ts";
import { describeServer } from "../database.ts";
import { type EditingContext, requestTransactions } from "../editing/transaction.ts";
import { explorerPage } from "../explorer/static.ts";
import { exportRouter } from "../export/http.ts";
import type { Neo4jHealth } from "../neo4j-runtime/supervisor.ts";
import { securityHeaders } from "../security-headers.ts";

/** What the app needs from the outside world: a driver to the graph and which database to use. */
export interface AppDependencies {
  driver: Driver;
  database: string;
  /** Auth, limits, masking; defaults to the configuration's defaults (read-only, development). */
  api?: ApiSettings;
  /** Analytics limits, admission and reuse (ANALYTICS_*); defaults to the configuration's defaults. */
  analytics?: AnalyticsSettings;
  /** The supervised local Neo4j's state, for /health and /ready (absent for the user's own Neo4j). */
  neo4jHealth?: () => Neo4jHealth;
}

/** A built, started app that is not yet listening on a port. */
export interface App {
  express: Express;
  /**
   * The HTTP server's `checkContinue` listener: whoever serves `express` installs it, so that a body
   * announced with `Expect: 100-continue` and over GRAPHQL_MAX_BODY_BYTES is refused before it is sent.
   */
  checkContinue: RequestListener;
  /** Stops Apollo; the caller closes the HTTP server, the driver and Neo4j. */
  stop(): Promise<void>;
}

/** What every resolver receives: the caller and what @neo4j/graphql needs to run its Cypher. */
export interface ApiContext extends Caller, EditingContext {
  sessionConfig: { database: string };
  /** Runs the request's statements (./api/runner.ts), with the database and the transaction timeout. */
  executionContext: AutoCommitRunner;
  /** This app's analytics admission gate, heap budget and reusable answers (./analytics/graphql.ts). */
  analytics: AnalyticsRuntime;
}

/**
 * Builds the whole HTTP app (GraphQL on /graphql, /health, /ready) without listening, so that tests and
 * `main.ts` share it.
 */
export async function createApp({
  driver,
  database,
  api = loadConfig({}).api,
  analytics: analyticsSettings = loadConfig({}).analytics,
  neo4jHealth,
}: AppDependencies): Promise<App> {
  const analytics = createAnalyticsRuntime(analyticsSettings);
  const schema = await buildSchema(driver, api);
  const verify = createTokenVerifier(api.auth);
  const neo4jDown = () => (neo4jHealth ? neo4jHealth().state !== "running" : false);
  const gate = availabilityGate(driver, database, neo4jDown);
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
      analytics.plugin,
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
      // After the editor check: the editing API's fields of one request share one transaction (src/editing).
      requestTransactions<ApiContext>(driver, database, api.limits.timeoutMs),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable("x-powered-by");
  app.use(securityHeaders());

  // Liveness: a local Neo4j being restarted is "degraded" but still 200 (the process is recovering by
  // itself, so nothing should restart it); one given up on is 503, since only a restart of the app helps.
  app.get("/health", (_req, res) => {
    const neo4j = neo4jHealth?.();
    if (!neo4j) return void res.json({ status: "ok" });
    const status = { running: "ok", restarting: "degraded", failed: "failed" }[neo4j.state];
    res.status(neo4j.state === "failed" ? 503 : 200).json({ status, localNeo4j: neo4j });
  });

  app.get("/ready", async (_req, res) => {
    const unavailable = { status: "unavailable", error: "graph database unavailable" };
    const supervised = neo4jHealth?.();
    if (supervised && supervised.state !== "running") {
      return void res.status(503).json({ ...unavailable, localNeo4j: supervised });
    }
    try {
      const neo4j = await describeServer(driver, database);
      res.json({ status: "ready", neo4j });
    } catch {
      res.status(503).json(unavailable);
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
        analytics,
      }),
    }),
  );

  // Graph exports (src/export) and the explorer page (web/, src/explorer): see docs/explorer.md.
  const anonymous: ApiContext = { sessionConfig: { database }, executionContext: readRunner, analytics };
  app.use("/export", exportRouter({ runner: readRunner, apollo, context: anonymous, limits: api.limits }));
  app.use(explorerPage());

  // Bodies that are too big, not JSON or not readable never reach GraphQL: answered in its error shape too.
  app.use("/graphql", bodyErrors(api.limits.maxBodyBytes));
  app.use(unansweredErrors(!api.maskErrors));

  return {
    express: app,
    checkContinue: continueWithinLimit(api.limits.maxBodyBytes, app),
    stop: () => {
      gate.stop();
      return apollo.stop();
    },
  };
}
