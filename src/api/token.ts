// `npm run token [-- --role R …] [--expires 8h] [--sub NAME]`: mints a token signed with JWT_SECRET, for
// local use and tests, that the API's token rules accept: an `exp` within JWT_MAX_LIFETIME_SECONDS, and the
// `iss` and `aud` of JWT_ISSUER and JWT_AUDIENCE when they are set. Production deployments get their tokens
// from an identity provider (JWKS_URL).
import { parseArgs } from "node:util";
import { decodeJwt, SignJWT } from "jose";
import { EDITOR_ROLE } from "../caller.ts";
import { ConfigError, loadConfig } from "../config.ts";

/** What a minted token says about its holder. */
export interface TokenClaims {
  roles: string[];
  subject?: string;
  /** A jose time span ("8h", "15m") or an absolute expiry in seconds since the epoch. */
  expiresIn?: string | number;
  /** The `iss` claim: the API's JWT_ISSUER, when it has one. */
  issuer?: string;
  /** The `aud` claim: the API's JWT_AUDIENCE, when it has one. */
  audience?: string;
}

/** Signs an HS256 token the API accepts when its JWT_SECRET is `secret` (and its issuer and audience match). */
export async function mintToken(
  secret: string,
  { roles, subject = "local-user", expiresIn = "8h", issuer, audience }: TokenClaims,
): Promise<string> {
  const token = new SignJWT({ roles })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(expiresIn);
  if (issuer) token.setIssuer(issuer);
  if (audience) token.setAudience(audience);
  return token.sign(new TextEncoder().encode(secret));
}

/** The default lifetime of a minted token: a working day, or less when JWT_MAX_LIFETIME_SECONDS is lower. */
const defaultLifetimeSeconds = 8 * 3600;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: "string", multiple: true, default: [EDITOR_ROLE] },
      expires: { type: "string" },
      sub: { type: "string", default: "local-user" },
    },
  });
  const { auth } = loadConfig().api;
  if (auth.mode !== "secret") {
    throw new ConfigError(
      "npm run token signs with JWT_SECRET, which is not set: set the same JWT_SECRET (32+ characters) for the API and this command, e.g. JWT_SECRET=$(openssl rand -hex 32).",
    );
  }
  const { maxLifetimeSeconds, issuer, audience } = auth.rules;
  const token = await mintToken(auth.secret, {
    roles: values.role,
    subject: values.sub,
    expiresIn: values.expires ?? `${Math.min(defaultLifetimeSeconds, maxLifetimeSeconds)}s`,
    ...(issuer ? { issuer } : {}),
    ...(audience ? { audience } : {}),
  });
  // jose reads the time span; its answer is checked here rather than parsed twice.
  const { exp = 0, iat = 0 } = decodeJwt(token);
  if (exp - iat > maxLifetimeSeconds) {
    throw new ConfigError(
      `--expires ${values.expires} is longer than the API accepts: at most ${maxLifetimeSeconds} s (JWT_MAX_LIFETIME_SECONDS).`,
    );
  }
  console.log(token);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  });
}
