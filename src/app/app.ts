import type { RequestListener } from "node:http";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type Express } from "express";
import type { GraphQLFormattedError } from "graphql";
import type { Driver } from "neo4j-driver";
import { type AnalyticsRuntime, createAnalyticsRuntime } from "../analytics/graphql.ts";
import { noRepeatedFieldsInConnections, noTypenameInAggregates } from "../api/aggregates.ts";
import { createTokenVerifier } from "../api/auth.ts";
import { availabilityGate } from "../api/availability.ts";
import { responseCache } from "../api/cache.ts";
import { callerFromToken, requestCaller } from "../api/caller-from-token.ts";
import { formatApiError, httpStatusFromErrors, unansweredErrors } from "../api/errors.ts";
import { graphiqlRoutes } from "../api/graphiql.ts";
import { operationLimits, tokenLimit } from "../api/limits.ts";
import { mutationGuard } from "../api/mutation-guard.ts";
import { bodyErrors, continueWithinLimit, declaredSizeLimit } from "../api/request-body.ts";
import { AutoCommitRunner } from "../api/runner.ts";
import { buildSchema, featureModules } from "../api/schema.ts";
import type { Caller } from "../caller.ts";
import { type AnalyticsSettings, type ApiSettings, type ExplorerSettings, loadConfig } from "../config.ts";
import { type EditingContext, requestTransactions } from "../editing/transaction.ts";
import { explorerPage } from "../explorer/static.ts";
import { exportRouter } from "../export/http.ts";
import type { Neo4jHealth } from "../neo4j-runtime/supervisor.ts";
import { securityHeaders } from "../security-headers.ts";
import { healthRoutes } from "./health.ts";

/** What the app needs from the outside world: a driver to the graph and which database to use. */
export interface AppDependencies {
  driver: Driver;
  database: string;
  /** Auth, limits, masking; defaults to the configuration's defaults (read-only, development). */
  api?: ApiSettings;
  /** Analytics limits, admission and reuse (ANALYTICS_*); defaults to the configuration's defaults. */
  analytics?: AnalyticsSettings;
  /** How the explorer page opens (EXPLORER_*); defaults to the configuration's defaults. */
  explorer?: ExplorerSettings;
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
  explorer = loadConfig({}).explorer,
  neo4jHealth,
}: AppDependencies): Promise<App> {
  const analytics = createAnalyticsRuntime(analyticsSettings);
  const answering = await apolloOptions(driver, api);
  const verify = createTokenVerifier(api.auth);
  const neo4jDown = () => (neo4jHealth ? neo4jHealth().state !== "running" : false);
  const gate = availabilityGate(driver, database, neo4jDown);
  const cache = responseCache<ApiContext>(api.cacheSeconds);
  const readRunner = new AutoCommitRunner(driver, database, api.limits.timeoutMs, "READ");
  const writeRunner = new AutoCommitRunner(driver, database, api.limits.timeoutMs, "WRITE");
  const apollo = new ApolloServer<ApiContext>({
    ...answering,
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
      mutationGuard<ApiContext>(writeRunner),
      // After the editor check: the editing API's fields of one request share one transaction (src/editing).
      requestTransactions<ApiContext>(driver, database, api.limits.timeoutMs),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable("x-powered-by");
  app.use(securityHeaders());
  app.use(healthRoutes(driver, database, neo4jHealth));

  // The in-browser IDE needs introspection, so it is offered only where introspection is.
  if (api.introspection) app.use(graphiqlRoutes());

  app.use(
    "/graphql",
    callerFromToken(verify),
    declaredSizeLimit(api.limits.maxBodyBytes),
    express.json({ limit: api.limits.maxBodyBytes }),
    tokenLimit(api.limits.maxTokens),
    expressMiddleware(apollo, {
      context: async ({ res }): Promise<ApiContext> => ({
        ...requestCaller(res),
        sessionConfig: { database },
        executionContext: readRunner,
        analytics,
      }),
    }),
  );

  // Graph exports (src/export) and the explorer page (web/, src/explorer): see docs/explorer.md.
  const anonymous: ApiContext = { sessionConfig: { database }, executionContext: readRunner, analytics };
  app.use("/export", exportRouter({ runner: readRunner, apollo, context: anonymous, limits: api.limits }));
  app.use(explorerPage({ driver, database, timeoutMs: api.limits.timeoutMs, settings: explorer }));

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

/** The schema and how Apollo answers (introspection, errors, validation): everything but the plugins. */
async function apolloOptions(driver: Driver, api: ApiSettings) {
  return {
    schema: await buildSchema(driver, api),
    // We stop Apollo ourselves, in order, on SIGINT/SIGTERM (see server.ts).
    stopOnTerminationSignals: false,
    introspection: api.introspection,
    // "Did you mean …?" would spell out the schema that closed introspection hides.
    hideSchemaDetailsFromClientErrors: !api.introspection,
    includeStacktraceInErrorResponses: !api.maskErrors,
    validationRules: [noTypenameInAggregates, noRepeatedFieldsInConnections],
    formatError: (formatted: GraphQLFormattedError, error: unknown) =>
      formatApiError(formatted, error, {
        mask: api.maskErrors,
        hideSuggestions: !api.introspection,
        timeoutMs: api.limits.timeoutMs,
      }),
  };
}
