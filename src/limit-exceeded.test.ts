import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { errorBody, limitExceeded, tokenLimitError } from "./limit-exceeded.ts";

describe("tokenLimitError", () => {
  it("passes a query of exactly the maximum and refuses one token more, naming GRAPHQL_MAX_TOKENS", () => {
    // `{ a b }`: four tokens.
    expect(tokenLimitError("{ a b }", 4)).toBeUndefined();
    const error = tokenLimitError("{ a b c }", 4);
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error?.message).toBe("The query has more than 4 tokens, the maximum (GRAPHQL_MAX_TOKENS)");
    expect(error?.extensions).toMatchObject({
      code: "LIMIT_EXCEEDED",
      limit: "GRAPHQL_MAX_TOKENS",
      maximum: 4,
    });
  });

  it("leaves text that is not GraphQL to the parser", () => {
    expect(tokenLimitError('{ a(x: "unterminated', 100)).toBeUndefined();
  });
});

describe("errorBody", () => {
  it("is GraphQL's response shape, without the HTTP status the response carries itself", () => {
    expect(errorBody(limitExceeded("Too deep", "GRAPHQL_MAX_DEPTH", 10, 11))).toEqual({
      errors: [
        {
          message: "Too deep (GRAPHQL_MAX_DEPTH)",
          extensions: { code: "LIMIT_EXCEEDED", limit: "GRAPHQL_MAX_DEPTH", maximum: 10, actual: 11 },
        },
      ],
    });
  });
});
