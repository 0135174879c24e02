// Who may write. Anonymous requests read; a write needs a JWT (HS256 with JWT_SECRET, or signed by a key of
// JWKS_URL) whose `roles` claim includes "editor". The token is verified here, once per request, and handed
// to @neo4j/graphql as the context's pre-verified `jwt`, so the library's @authentication rules in
// graph/schema.graphql and our own checks judge the same claims. Besides its signature, a token must carry
// an `exp` no further than JWT_MAX_LIFETIME_SECONDS from its issue, and the configured `iss` and `aud`.
import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyOptions, jwtVerify } from "jose";
import { type Caller, unauthenticated } from "../caller.ts";
import type { ApiSettings, TokenRules } from "../config.ts";

/** Verifies a raw bearer token and returns its claims, or throws an UNAUTHENTICATED GraphQL error. */
export type TokenVerifier = (token: string) => Promise<JWTPayload>;

/** Builds the verifier the configuration asks for; `none` refuses every token. */
export function createTokenVerifier(auth: ApiSettings["auth"]): TokenVerifier {
  if (auth.mode === "none") {
    return async () => {
      throw unauthenticated(
        "This API accepts no tokens: the server has neither JWT_SECRET nor JWKS_URL set, so it is read-only.",
      );
    };
  }
  const source = auth.mode === "secret" ? "JWT_SECRET" : "JWKS_URL";
  const options: JWTVerifyOptions = {
    // A token without `exp` would be valid forever once leaked.
    requiredClaims: ["exp"],
    ...(auth.rules.issuer ? { issuer: auth.rules.issuer } : {}),
    ...(auth.rules.audience ? { audience: auth.rules.audience } : {}),
  };
  const verify =
    auth.mode === "secret"
      ? (
          (secret: Uint8Array) => (token: string) =>
            jwtVerify(token, secret, { ...options, algorithms: ["HS256"] })
        )(new TextEncoder().encode(auth.secret))
      : (
          (keys: ReturnType<typeof createRemoteJWKSet>) => (token: string) =>
            // Asymmetric algorithms only: a JWKS never holds the HS256 secret.
            jwtVerify(token, keys, { ...options, algorithms: ["RS256", "PS256", "ES256", "EdDSA"] })
        )(createRemoteJWKSet(new URL(auth.url)));
  return async (token) => {
    let payload: JWTPayload;
    try {
      payload = (await verify(token)).payload;
    } catch (error) {
      throw unauthenticated(explainTokenFailure(error, source, auth.rules));
    }
    const lifetime = lifetimeSeconds(payload);
    if (lifetime > auth.rules.maxLifetimeSeconds) {
      throw unauthenticated(
        `The token is valid for ${lifetime} s, longer than the maximum of ${auth.rules.maxLifetimeSeconds} s (JWT_MAX_LIFETIME_SECONDS): get one that expires sooner.`,
      );
    }
    return payload;
  };
}

/**
 * From the token's issue (`iat`, or now when it has none or claims a later one) to its `exp`. jose's
 * `maxTokenAge` bounds only how long ago `iat` was, so a token issued now that expires in a century passes
 * it; the lifetime is measured here instead.
 */
function lifetimeSeconds(payload: JWTPayload): number {
  const now = Math.floor(Date.now() / 1000);
  const issued = typeof payload.iat === "number" ? Math.min(payload.iat, now) : now;
  return (payload.exp as number) - issued;
}

function explainTokenFailure(error: unknown, source: string, rules: TokenRules): string {
  if (error instanceof errors.JWTExpired) return "The token has expired: get a new one.";
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return `The token's signature does not verify against ${source}.`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return "The token is signed with an algorithm this API refuses.";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "exp" && error.reason === "missing") {
      return `The token has no "exp" claim: this API accepts only tokens that expire, within ${rules.maxLifetimeSeconds} s (JWT_MAX_LIFETIME_SECONDS).`;
    }
    if (error.claim === "iss") return `The token's "iss" claim is not "${rules.issuer}" (JWT_ISSUER).`;
    if (error.claim === "aud")
      return `The token's "aud" claim does not include "${rules.audience}" (JWT_AUDIENCE).`;
    return `The token's "${error.claim}" claim is not valid.`;
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return "The key set at JWKS_URL could not be read, so the token cannot be verified; try again later.";
  }
  return "The token is not a valid JWT.";
}

/**
 * Reads the `Authorization: Bearer <jwt>` header. No header means an anonymous (read-only) caller; a header
 * that is present but not a valid token fails the whole request, so a client never silently loses its rights.
 */
export async function callerFromHeader(header: string | undefined, verify: TokenVerifier): Promise<Caller> {
  if (header === undefined || header.trim() === "") return {};
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw unauthenticated('The Authorization header must read "Bearer <token>".');
  return { jwt: await verify(match[1]) };
}
