// One vocabulary of errors for every client: each error carries `extensions.code` from the list in
// docs/api.md, whatever raised it (Apollo, our guards, @neo4j/graphql, the Neo4j driver).
import type { ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import type { ErrorRequestHandler } from "express";
import type { GraphQLFormattedError } from "graphql";
import { type Neo4jErrorLike, neo4jFailure, statusOfNeo4jFailureCode } from "../neo4j-failures.ts";

/** Codes whose messages are written for clients and are shown even when errors are masked. */
const publicCodes = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "LIMIT_EXCEEDED",
  "TIMEOUT",
  "SERVICE_UNAVAILABLE",
  "TOO_MANY_REQUESTS",
  "CONFLICT",
]);

/** The HTTP status a response gets when one of its errors has this code and no data came back. */
const statusOfCode: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  TOO_MANY_REQUESTS: 429,
  // SERVICE_UNAVAILABLE, TIMEOUT, CONFLICT and LIMIT_EXCEEDED: the table /export answers from too.
  ...statusOfNeo4jFailureCode,
};

/** The sentence clients see when Neo4j cannot be reached; /ready says the same. */
export const unavailableMessage = "graph database unavailable: try again shortly";

/** How {@link formatApiError} shapes errors; each follows one setting of docs/api.md. */
export interface ErrorFormatOptions {
  /** Hide internal details: unless GRAPHQL_ERROR_DETAILS asks for them. */
  mask: boolean;
  /** Drop graphql-js's "Did you mean …?" hints: where introspection is off. */
  hideSuggestions: boolean;
  timeoutMs: number;
}

/**
 * Turns any error into the shape clients see: known failures get their code and a plain sentence; when
 * masked (the default), anything else becomes "Internal server error" with no stack, Cypher or driver text.
 */
export function formatApiError(
  formatted: GraphQLFormattedError,
  error: unknown,
  { mask, hideSuggestions, timeoutMs }: ErrorFormatOptions,
): GraphQLFormattedError {
  if (hideSuggestions) formatted = { ...formatted, message: withoutSuggestions(formatted.message) };
  const original = unwrapResolverError(error) as
    | { name?: string; code?: string; message?: string }
    | undefined;
  const where = {
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
  };
  const failure = neo4jFailure(original);
  if (failure?.kind === "unavailable") {
    return { message: unavailableMessage, ...where, extensions: { code: failure.code } };
  }
  if (failure?.kind === "timeout") {
    return {
      message: `The query ran longer than ${timeoutMs} ms and was stopped (GRAPHQL_TIMEOUT_MS): ask for less, e.g. smaller limits or a narrower filter.`,
      ...where,
      extensions: { code: failure.code, limit: "GRAPHQL_TIMEOUT_MS", maximum: timeoutMs },
    };
  }
  if (failure?.kind === "conflict") {
    return {
      message:
        "Nothing was written: this edit met another write to the same records at the same moment, and Neo4j rolled it back. Send it again.",
      ...where,
      extensions: { code: failure.code, retryAfterSeconds: 1 },
    };
  }
  if (failure?.kind === "memory") {
    return {
      message:
        "The query needed more memory than Neo4j lets one transaction use (a share of NEO4J_HEAP) and was stopped: ask for less, e.g. smaller limits or a narrower filter.",
      ...where,
      extensions: { code: failure.code, limit: "NEO4J_HEAP" },
    };
  }
  const unsupported = unsupportedFilter(original);
  if (unsupported) {
    return { message: unsupported, ...where, extensions: { code: "BAD_USER_INPUT" } };
  }
  const libraryCode = {
    Neo4jGraphQLAuthenticationError: "UNAUTHENTICATED",
    Neo4jGraphQLForbiddenError: "FORBIDDEN",
    Neo4jGraphQLConstraintValidationError: "BAD_USER_INPUT",
    Neo4jGraphQLRelationshipValidationError: "BAD_USER_INPUT",
  }[original?.name ?? ""];
  const code = libraryCode ?? (formatted.extensions?.code as string | undefined) ?? "INTERNAL_SERVER_ERROR";
  if (mask && !publicCodes.has(code)) {
    return { message: "Internal server error", ...where, extensions: { code: "INTERNAL_SERVER_ERROR" } };
  }
  if (!mask) return { ...formatted, extensions: { ...formatted.extensions, code } };
  return {
    message: formatted.message,
    ...where,
    extensions: { ...publicExtensions(formatted.extensions ?? {}), code },
  };
}

/**
 * @neo4j/graphql 7 accepts in the schema, but cannot translate, a filter on a field the `Entity` interface
 * declares (`sources`) inside the `aggregate` of an interface's connection (`entitiesConnection`): it throws
 * `Attribute sources not found` while building the Cypher. That is the request asking for what the library
 * cannot do, not a failure of ours: the client gets a sentence saying what to ask instead, not a 500.
 */
function unsupportedFilter(original: { message?: string } | undefined): string | undefined {
  const attribute = /^Attribute (\w+) not found$/.exec(original?.message ?? "")?.[1];
  if (!attribute) return undefined;
  return `\`${attribute}\` cannot filter this selection: @neo4j/graphql 7 does not support it in the \`aggregate\` of an interface's connection (such as \`entitiesConnection\`). Ask for \`totalCount\` or \`edges\` instead, or use a type's own connection (e.g. \`companiesConnection\`).`;
}

/**
 * The message without graphql-js's hints at names the client did not type (`Did you mean "name"?`).
 * Apollo's `hideSchemaDetailsFromClientErrors` removes them from validation errors only; variables are
 * coerced later, and their errors suggest input fields and enum values the same way.
 */
function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean [^?]*\?/g, "");
}

/**
 * The extensions a masked response keeps: the limit that was hit, when to retry, and each problem of a
 * refused edit (written for clients, like the message), never internals.
 */
function publicExtensions(extensions: Record<string, unknown>): Record<string, unknown> {
  const { limit, maximum, actual, retryAfterSeconds, problems } = extensions;
  return Object.fromEntries(
    Object.entries({ limit, maximum, actual, retryAfterSeconds, problems }).filter(
      ([, value]) => value !== undefined,
    ),
  );
}

/**
 * Whether the driver could not reach Neo4j, or reached a server whose database is not (yet) available, as
 * opposed to a query failing (src/neo4j-failures.ts).
 */
export function isUnavailable(error: Neo4jErrorLike | undefined): boolean {
  return neo4jFailure(error)?.kind === "unavailable";
}

/** Gives a response that carries no data the HTTP status of its first error (503 when Neo4j is away…). */
export const httpStatusFromErrors: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== "single") return;
        const { errors, data } = response.body.singleResult;
        const status = errors
          ?.map((error) => statusOfCode[String(error.extensions?.code)])
          .find((candidate) => candidate !== undefined);
        const empty =
          data === undefined || data === null || Object.values(data).every((value) => value === null);
        if (status && empty) response.http.status = status;
        // A refusal that says when to try again (a busy analytics server) says it in HTTP too.
        const retryAfter = errors
          ?.map((error) => error.extensions?.retryAfterSeconds)
          .find((seconds) => typeof seconds === "number");
        if (typeof retryAfter === "number") response.http.headers.set("retry-after", String(retryAfter));
      },
    };
  },
};

/**
 * The app's last error handler, for errors no route answered (a URL that cannot be decoded…). Express's
 * own logs each error's stack trace and, outside production, sends it to the client; this one answers in
 * GraphQL's error shape, with the error's own message only for a client error, and logs one line for a
 * server error (its stack only when `details`, GRAPHQL_ERROR_DETAILS, asks for it).
 */
export function unansweredErrors(details: boolean): ErrorRequestHandler {
  return (
    error: { status?: number; expose?: boolean; message?: string; stack?: string },
    req,
    res,
    _next,
  ) => {
    if (res.headersSent) {
      // Too late for an answer; Express would do the same, and log the stack.
      console.error(`${req.method} ${req.path} failed mid-answer: ${error.message}`);
      res.destroy();
      return;
    }
    const status = error.status && error.status >= 400 && error.status < 600 ? error.status : 500;
    if (status < 500) {
      const message =
        error.expose && error.message
          ? error.message
          : "The request could not be read: check its URL (percent-encoding) and headers.";
      res.status(status).json({ errors: [{ message, extensions: { code: "BAD_REQUEST" } }] });
      return;
    }
    console.error(`${req.method} ${req.path} failed: ${details ? error.stack : error.message}`);
    res.status(status).json({
      errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }],
    });
  };
}
