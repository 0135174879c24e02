import { Neo4jError } from "neo4j-driver";
import { describe, expect, it } from "vitest";
import { neo4jFailure } from "./neo4j-failures.ts";

const driverError = (code: string, message = "from the server") => new Neo4jError(message, code, "", "");

describe("neo4jFailure", () => {
  it.each([
    ["ServiceUnavailable", "SERVICE_UNAVAILABLE", 503],
    ["SessionExpired", "SERVICE_UNAVAILABLE", 503],
    ["Neo.TransientError.General.DatabaseUnavailable", "SERVICE_UNAVAILABLE", 503],
    ["Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration", "TIMEOUT", 504],
    ["Neo.ClientError.Transaction.LockClientStopped", "TIMEOUT", 504],
    ["Neo.TransientError.Transaction.DeadlockDetected", "CONFLICT", 409],
    ["Neo.TransientError.Transaction.Outdated", "CONFLICT", 409],
    ["Neo.TransientError.Transaction.LockClientStopped", "CONFLICT", 409],
    ["Neo.TransientError.General.TransactionMemoryLimit", "LIMIT_EXCEEDED", 400],
    ["Neo.TransientError.General.MemoryPoolOutOfMemoryError", "LIMIT_EXCEEDED", 400],
  ])("answers %s with %s and HTTP %i", (code, apiCode, status) => {
    expect(neo4jFailure(driverError(code))).toMatchObject({ code: apiCode, status });
  });

  it("takes a driver error without a server code that could not connect for Neo4j away", () => {
    expect(neo4jFailure(driverError("", "Failed to connect to server"))?.code).toBe("SERVICE_UNAVAILABLE");
  });

  it("leaves other errors to the caller: a syntax error, a constraint, a plain Error, nothing", () => {
    expect(neo4jFailure(driverError("Neo.ClientError.Statement.SyntaxError"))).toBeUndefined();
    expect(neo4jFailure(driverError("Neo.ClientError.Schema.ConstraintValidationFailed"))).toBeUndefined();
    expect(neo4jFailure(new Error("Failed to connect"))).toBeUndefined();
    expect(neo4jFailure(undefined)).toBeUndefined();
    expect(neo4jFailure("ServiceUnavailable")).toBeUndefined();
  });
});
