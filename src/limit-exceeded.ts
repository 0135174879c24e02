// How the app refuses a request that asks for too much: one LIMIT_EXCEEDED error that names the environment
// variable setting the bound, the JSON body it is sent in before Apollo runs, and the token count every
// GraphQL document passes first, whether it comes to /graphql (src/api/limits.ts) or to /export as a
// `query=` selection (src/export/http.ts).
import { GraphQLError, Lexer, Source, TokenKind } from "graphql";

/** A refused request: code LIMIT_EXCEEDED, with the variable that sets the bound and both numbers. */
export function limitExceeded(message: string, limit: string, maximum: number, actual: number): GraphQLError {
  return new GraphQLError(`${message} (${limit})`, {
    extensions: { code: "LIMIT_EXCEEDED", limit, maximum, actual, http: { status: 400 } },
  });
}

/**
 * Counts the query's lexical tokens before anything parses it, so a huge document costs almost nothing to
 * refuse: the refusal naming GRAPHQL_MAX_TOKENS, or undefined when the query is within the limit (or is not
 * GraphQL at all: the parser reports that with its location).
 */
export function tokenLimitError(query: string, maxTokens: number): GraphQLError | undefined {
  const lexer = new Lexer(new Source(query));
  let tokens = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      tokens += 1;
      if (tokens > maxTokens) {
        return limitExceeded(
          `The query has more than ${maxTokens} tokens, the maximum`,
          "GRAPHQL_MAX_TOKENS",
          maxTokens,
          tokens,
        );
      }
    }
  } catch {
    // A syntax error: GraphQL's own parser reports it with its location.
  }
  return undefined;
}

/** A refusal sent before Apollo runs, in GraphQL's response shape (the HTTP status is the response's own). */
export function errorBody(error: GraphQLError) {
  const { http: _http, ...extensions } = error.extensions;
  return { errors: [{ message: error.message, extensions }] };
}
