import { describe, expect, it } from "vitest";
import { neo4jFailure } from "../neo4j-failures.ts";
import { formatApiError } from "./errors.ts";

const options = { mask: true, hideSuggestions: true, timeoutMs: 30_000 };
/** An error as the driver raises it: its name, Neo4j's status code, and the server's message. */
const neo4jError = (message: string, code: string) =>
  Object.assign(new Error(message), { name: "Neo4jError", code });
const formatted = { message: "whatever the driver said", path: ["assertFacts"] };

describe("formatApiError", () => {
  it("answers a write that lost a deadlock as a conflict to retry, without the driver's text", () => {
    const deadlock = neo4jError(
      "ForsetiClient[transactionId=99] can't acquire ExclusiveLock…",
      "Neo.TransientError.Transaction.DeadlockDetected",
    );
    const answer = formatApiError(formatted, deadlock, options);
    expect(answer.extensions).toEqual({ code: "CONFLICT", retryAfterSeconds: 1 });
    expect(answer.message).toMatch(/^Nothing was written: .* Send it again\.$/);
    expect(answer.path).toEqual(["assertFacts"]);
  });

  it("answers a transaction stopped at Neo4j's memory limit as a limit naming NEO4J_HEAP", () => {
    const memory = neo4jError(
      "The allocation of an extra 2.0 MiB would use more than the limit 100.0 MiB…",
      "Neo.TransientError.General.TransactionMemoryLimit",
    );
    const answer = formatApiError(formatted, memory, options);
    expect(answer.extensions).toEqual({ code: "LIMIT_EXCEEDED", limit: "NEO4J_HEAP" });
    expect(answer.message).not.toMatch(/MiB/);
  });

  it("answers a filter @neo4j/graphql cannot translate as the client's to change, saying what to ask instead", () => {
    const formatted = formatApiError(
      { message: "Attribute sources not found", path: ["entitiesConnection"] },
      new Error("Attribute sources not found"),
      { mask: true, hideSuggestions: true, timeoutMs: 1000 },
    );
    expect(formatted.extensions?.code).toBe("BAD_USER_INPUT");
    expect(formatted.message).toMatch(/^`sources` cannot filter this selection: .*entitiesConnection/);
    expect(formatted.path).toEqual(["entitiesConnection"]);
  });

  it("masks any other driver error as an internal error", () => {
    const other = neo4jError("Variable `this0` not defined", "Neo.ClientError.Statement.SyntaxError");
    expect(formatApiError(formatted, other, options)).toEqual({
      message: "Internal server error",
      path: ["assertFacts"],
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
  });
  it("gives each failure of Neo4j the code of src/neo4j-failures.ts, the table /export answers from", () => {
    for (const code of [
      "SessionExpired",
      "Neo.ClientError.Transaction.TransactionTimedOut",
      "Neo.ClientError.Transaction.LockClientStopped",
      "Neo.TransientError.Transaction.LockClientStopped",
      "Neo.TransientError.General.TransactionMemoryLimit",
    ]) {
      const error = neo4jError("the driver's text", code);
      const expected = neo4jFailure(error)?.code;
      expect(expected, code).toBeDefined();
      expect(formatApiError(formatted, error, options).extensions?.code, code).toBe(expected);
    }
  });
});
