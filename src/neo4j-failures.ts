// What the app answers when Neo4j (or the driver on its way there) fails a statement: one table from the
// server's or driver's error code to the API's error code (docs/api.md) and an HTTP status, read by the
// GraphQL API's error formatter (src/api/errors.ts) and the export route (src/export/http.ts), so that the
// same failure gets the same answer on /graphql and /export.

/** A failure of Neo4j as clients see it: the API's code and the HTTP status of an answer with no data. */
export interface Neo4jFailure {
  kind: "unavailable" | "timeout" | "conflict" | "memory";
  code: "SERVICE_UNAVAILABLE" | "TIMEOUT" | "CONFLICT" | "LIMIT_EXCEEDED";
  status: number;
}

/** The parts of a driver error (`Neo4jError`) or of anything thrown on its behalf that tell what failed. */
export interface Neo4jErrorLike {
  name?: string;
  code?: string;
  message?: string;
}

const failures: readonly (Neo4jFailure & { matches: (error: Neo4jErrorLike) => boolean })[] = [
  {
    // The driver could not reach Neo4j, or reached a server whose database is not (yet) available: one
    // that is starting or stopping answers Neo.TransientError.General.DatabaseUnavailable and kin.
    kind: "unavailable",
    code: "SERVICE_UNAVAILABLE",
    status: 503,
    matches: ({ name, code = "", message = "" }) =>
      code === "ServiceUnavailable" ||
      code === "SessionExpired" ||
      /^Neo\.TransientError\.\w+\.DatabaseUnavailable$/.test(code) ||
      (name === "Neo4jError" &&
        /connection acquisition timed out|Failed to connect|ECONNREFUSED/i.test(message)),
  },
  {
    // Stopped at the transaction timeout (GRAPHQL_TIMEOUT_MS): while it ran, or while it waited for a lock,
    // whose client is stopped then (nothing else in this app terminates its transactions).
    kind: "timeout",
    code: "TIMEOUT",
    status: 504,
    matches: ({ code = "" }) =>
      code.startsWith("Neo.ClientError.Transaction.TransactionTimedOut") ||
      code === "Neo.ClientError.Transaction.LockClientStopped",
  },
  {
    // Two transactions wanted the same records and Neo4j rolled one back (a deadlock, or records the other
    // changed underneath): safe to send again, since the whole transaction was undone.
    kind: "conflict",
    code: "CONFLICT",
    status: 409,
    matches: ({ code = "" }) =>
      /^Neo\.TransientError\.Transaction\.(DeadlockDetected|Outdated|LockClientStopped)$/.test(code),
  },
  {
    // Stopped at Neo4j's memory limit of a transaction (db.memory.transaction.max and .total.max).
    kind: "memory",
    code: "LIMIT_EXCEEDED",
    status: 400,
    matches: ({ code = "" }) =>
      /^Neo\.TransientError\.General\.(TransactionMemoryLimit|MemoryPoolOutOfMemoryError)$/.test(code),
  },
];

/**
 * What a failure of Neo4j is to clients, or undefined for any other error (a bug, a refused query).
 *
 * @example neo4jFailure({ code: "SessionExpired" }) // { kind: "unavailable", code: "SERVICE_UNAVAILABLE", status: 503 }
 */
export function neo4jFailure(error: unknown): Neo4jFailure | undefined {
  if (!error || typeof error !== "object") return undefined;
  const found = failures.find((failure) => failure.matches(error as Neo4jErrorLike));
  return found && { kind: found.kind, code: found.code, status: found.status };
}

/** The HTTP status of an answer whose error has one of the table's codes. */
export const statusOfNeo4jFailureCode: Readonly<Record<Neo4jFailure["code"], number>> = Object.fromEntries(
  failures.map((failure) => [failure.code, failure.status]),
) as Record<Neo4jFailure["code"], number>;
