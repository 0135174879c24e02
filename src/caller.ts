// Who is calling, as every resolver's context says it, and the one check a resolver that writes makes.
// The API verifies the bearer token (src/api/auth.ts) and puts its claims here; features read them through
// this module, so none of them depends on how tokens are verified.
import { GraphQLError } from "graphql";
import type { JWTPayload } from "jose";

/** The role a token's `roles` claim must include for any write. */
export const EDITOR_ROLE = "editor";

/** What the API knows about the caller; part of every resolver's context. */
export interface Caller {
  /** The verified claims of the request's bearer token; absent for anonymous requests. */
  jwt?: JWTPayload & { roles?: unknown };
}

/** Whether the caller's token carries the editor role. */
function isEditor(caller: Caller): boolean {
  const roles = caller.jwt?.roles;
  return Array.isArray(roles) && roles.includes(EDITOR_ROLE);
}

/**
 * Fails unless the caller may write: call it first in every custom resolver that changes the graph, e.g. an
 * analytics write-back mutation. Throws UNAUTHENTICATED without a token and FORBIDDEN without the editor role,
 * the same errors the generated mutations give.
 *
 * @example
 * const resolvers = { Mutation: { writeCentrality: async (_root, args, context) => { requireEditor(context); … } } };
 */
export function requireEditor(caller: Caller): void {
  if (!caller.jwt) {
    throw unauthenticated(
      "Writes need a bearer token with the editor role; anonymous requests are read-only (docs/api.md: Auth).",
    );
  }
  if (!isEditor(caller)) {
    throw new GraphQLError(
      `Forbidden: this token's roles do not include "${EDITOR_ROLE}", which writes need.`,
      {
        extensions: { code: "FORBIDDEN", http: { status: 403 } },
      },
    );
  }
}

/** The error of a request whose token is missing, or present and not valid: 401, code UNAUTHENTICATED. */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
}
