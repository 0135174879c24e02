// Graph analytics in the GraphQL API: one typed Query field per algorithm and one Mutation that writes
// scores back (editor only). src/api/schema.ts composes `{ typeDefs, resolvers }` into the Neo4jGraphQL
// schema; @neo4j/graphql wraps these resolvers, so the context carries its driver (`executionContext`, or
// the app's statement runner that holds it), the database (`sessionConfig`) and the verified token (`jwt`).
import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";
import type { Driver } from "neo4j-driver";
import { type Caller, requireEditor } from "../caller.ts";
import { type AnalyticsSettings, loadConfig } from "../config.ts";
import { analyticsTypeDefs } from "../model/index.ts";
import { AdmissionGate } from "./admission.ts";
import { bipartite, projectionAlgorithms } from "./algorithms.ts";
import {
  AnalyticsBusyError,
  AnalyticsInputError,
  GdsMissingError,
  ProjectionTooLargeError,
} from "./errors.ts";
import type { AnalyticsTarget } from "./gds.ts";
import { HeapBudget } from "./memory.ts";
import type { ProjectionRequest } from "./projection.ts";
import type { ProjectionAlgorithm } from "./registry.ts";
import { AnalyticsReuse } from "./reuse.ts";
import { writeBack } from "./writeback.ts";

/**
 * The analytics part of the API's type definitions (graph/analytics.graphql). Its enums name the presets,
 * orientations and writable scores of ./projection.ts and ./writeback.ts; ./graphql.test.ts keeps them equal.
 */
export const typeDefs = analyticsTypeDefs;

/**
 * What one app instance shares between its analytics requests: its settings, the admission gate, the heap
 * budget and the answers it may reuse. createApp makes one from its configuration and puts it in every
 * request's context.
 */
export interface AnalyticsRuntime {
  settings: AnalyticsSettings;
  gate: AdmissionGate;
  heapBudget: HeapBudget;
  reuse: AnalyticsReuse;
  /** Tells `reuse` when a mutation of this app committed, so that no earlier answer is reused. */
  plugin: ApolloServerPlugin;
}

/** The analytics state of one app instance, from its configuration (ANALYTICS_* in src/config.ts). */
export function createAnalyticsRuntime(settings: AnalyticsSettings): AnalyticsRuntime {
  const reuse = new AnalyticsReuse(settings.cacheSeconds);
  return {
    settings,
    gate: new AdmissionGate({
      concurrency: settings.concurrency,
      queue: settings.queue,
      maxWaitMs: settings.timeoutMs,
    }),
    heapBudget: new HeapBudget(settings.maxHeapPercent),
    reuse,
    plugin: {
      async requestDidStart() {
        return {
          async willSendResponse({ operation, response }) {
            if (operation?.operation !== "mutation" || response.body.kind !== "single") return;
            // A refused or failed mutation answers no data and changed nothing.
            const { data } = response.body.singleResult;
            if (data && Object.values(data).some((value) => value != null)) reuse.graphChanged();
          },
        };
      },
    },
  };
}

/** What the analytics resolvers read from the context @neo4j/graphql hands them. */
interface AnalyticsContext extends Caller {
  executionContext?: unknown;
  sessionConfig?: { database?: string };
  /** The app's analytics state (src/app/app.ts); a caller of the bare schema may leave it out. */
  analytics?: AnalyticsRuntime;
}

let standalone: AnalyticsRuntime | undefined;
/**
 * The runtime of a request: the app's, or for a caller of the bare schema without one, a runtime of this
 * module's own with the documented default limits. Never the environment: limits come from the
 * configuration its caller loaded, as createApp's do.
 */
function runtimeOf(context: AnalyticsContext): AnalyticsRuntime {
  if (context.analytics) return context.analytics;
  standalone ??= createAnalyticsRuntime(loadConfig({}).analytics);
  return standalone;
}

function targetOf(context: AnalyticsContext, runtime: AnalyticsRuntime): AnalyticsTarget {
  // The app's context carries a statement runner that holds the driver (src/api/runner.ts); a caller of
  // the bare schema may pass the driver itself.
  const execution = context.executionContext as { driver?: Driver } | Driver | undefined;
  const driver = execution && "driver" in execution ? execution.driver : (execution as Driver | undefined);
  if (!driver || typeof driver.session !== "function") {
    throw new Error("Analytics needs the Neo4j driver as the request's execution context.");
  }
  return {
    driver,
    database: context.sessionConfig?.database ?? "neo4j",
    limits: runtime.settings,
    heapBudget: runtime.heapBudget,
  };
}

/**
 * Whether `error` is one of this feature's errors of class `type`. Matched by name as well as by class:
 * a module loaded twice (two realms, a test runner's copy) makes `instanceof` fail, and then a refusal
 * meant for the client would reach it masked as an internal error.
 */
function isFeatureError<E extends Error>(error: unknown, type: new (...args: never[]) => E): error is E {
  return error instanceof type || (error instanceof Error && error.name === type.name);
}

/**
 * Whether a Neo4j error is the stop of an analytics run at its transaction timeout. Neo4j says so with its
 * own code when the stop meets Cypher; when it meets GDS inside an algorithm's procedure, GDS's
 * TerminatedException is that procedure's failure (ProcedureCallFailed), and nothing else in this app
 * terminates a transaction.
 */
function stoppedAtTimeout(code: string, message: string): boolean {
  return (
    code.startsWith("Neo.ClientError.Transaction.TransactionTimedOut") ||
    (code === "Neo.ClientError.Procedure.ProcedureCallFailed" && /\bTerminatedException\b/.test(message))
  );
}

/**
 * Maps analytics' errors to the API's error codes (docs/api.md), whose messages reach clients unmasked.
 * Exported for its tests.
 */
export function asGraphQLError(error: unknown, settings: AnalyticsSettings): unknown {
  if (isFeatureError(error, AnalyticsInputError)) {
    return new GraphQLError(error.message, { extensions: { code: "BAD_USER_INPUT" } });
  }
  if (isFeatureError(error, ProjectionTooLargeError)) {
    return new GraphQLError(error.message, { extensions: { code: "LIMIT_EXCEEDED", ...error.details } });
  }
  if (isFeatureError(error, AnalyticsBusyError)) {
    return new GraphQLError(error.message, { extensions: { code: "TOO_MANY_REQUESTS", ...error.details } });
  }
  if (isFeatureError(error, GdsMissingError)) {
    return new GraphQLError(error.message, { extensions: { code: "SERVICE_UNAVAILABLE" } });
  }
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === "string" && stoppedAtTimeout(code, String(message ?? ""))) {
    const { timeoutMs } = settings;
    return new GraphQLError(
      `The analytics run took longer than ${timeoutMs} ms and was stopped (ANALYTICS_TIMEOUT_MS): choose a smaller projection, or raise ANALYTICS_TIMEOUT_MS.`,
      { extensions: { code: "TIMEOUT", limit: "ANALYTICS_TIMEOUT_MS", maximum: timeoutMs } },
    );
  }
  if (
    code === "Neo.ClientError.Procedure.ProcedureCallFailed" &&
    /\bMemoryReservationExceededException\b/.test(String(message ?? ""))
  ) {
    // GDS's own guard: the heap it found free at that moment, less what runs beside it have reserved, was
    // less than this run's estimate. Other runs and queries free it as they end.
    return new GraphQLError(
      "Neo4j had too little free heap for this analytics run at the moment (Graph Data Science's memory guard, bounded by NEO4J_HEAP) and did not start it: try again shortly, or choose a smaller projection.",
      { extensions: { code: "TOO_MANY_REQUESTS", limit: "NEO4J_HEAP", retryAfterSeconds: 5 } },
    );
  }
  if (typeof code === "string" && /OutOfMemoryError$/.test(code)) {
    // Neo4j's transaction memory limits (db.memory.transaction.*, set from NEO4J_HEAP for the local Neo4j)
    // stopped a statement before it could exhaust the heap.
    return new GraphQLError(
      "The analytics run needed more memory than Neo4j allows its statements (db.memory.transaction.max and db.memory.transaction.total.max, set from NEO4J_HEAP for the local Neo4j) and was stopped: choose a smaller projection, or try again when the server is less busy.",
      { extensions: { code: "TOO_MANY_REQUESTS", limit: "NEO4J_HEAP", retryAfterSeconds: 5 } },
    );
  }
  return error;
}

type Args = Record<string, unknown> & { projection?: ProjectionRequest | null };

/**
 * A resolver that runs one analytics call and reports its errors as GraphQL errors with codes. Everything,
 * reading the context and validating the arguments included, runs inside the `try`: a refusal thrown
 * anywhere reaches the client as BAD_USER_INPUT, never as a masked internal error. Every run passes the
 * app's admission gate; a read (`reusable`) is first looked up among the answers computed on the same graph.
 */
function resolver<T extends object>(
  run: (target: AnalyticsTarget, args: Args, context: AnalyticsContext) => Promise<T>,
  { reusable = true } = {},
) {
  return async (
    _root: unknown,
    args: Args,
    context: AnalyticsContext,
    info: { fieldName: string },
  ): Promise<T> => {
    const runtime = runtimeOf(context);
    try {
      const target = targetOf(context, runtime);
      const admitted = () => runtime.gate.run(() => run(target, args, context));
      if (!reusable) return await admitted();
      return await runtime.reuse.answer(target.driver, target.database, info.fieldName, args, admitted);
    } catch (error) {
      throw asGraphQLError(error, runtime.settings);
    }
  };
}

const projectionOf = (args: Args): ProjectionRequest => args.projection ?? {};
const optionsOf = (args: Args): Record<string, unknown> => {
  const { projection: _projection, ...options } = args;
  return options;
};

/** One Query field per algorithm that runs on a projection, named as the algorithm. */
const projectionResolvers = Object.fromEntries(
  Object.entries(projectionAlgorithms).map(([name, algorithm]) => [
    name,
    resolver<object>((target, args) => algorithm(target, projectionOf(args), optionsOf(args))),
  ]),
) as Record<ProjectionAlgorithm, ReturnType<typeof resolver<object>>>;

/** The resolvers of the fields above. */
export const resolvers = {
  Query: {
    ...projectionResolvers,
    bipartiteProjection: resolver((target, args) => {
      const { preset, ...options } = optionsOf(args);
      return bipartite(target, String(preset), options);
    }),
  },
  Mutation: {
    writeAnalytics: resolver(
      (target, args, context) => {
        requireEditor(context);
        const properties = (args.properties as string[]).map((property) => property.toLowerCase());
        return writeBack(target, projectionOf(args), properties);
      },
      { reusable: false },
    ),
  },
};
