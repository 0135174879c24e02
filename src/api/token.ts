// `npm run token [-- --role R …] [--expires 8h] [--sub NAME]`: mints a token signed with JWT_SECRET, for
// local use and tests. Production deployments get their tokens from an identity provider (JWKS_URL).
import { parseArgs } from "node:util";
import { SignJWT } from "jose";
import { ConfigError, loadConfig } from "../config.ts";
import { EDITOR_ROLE } from "./auth.ts";

/** What a minted token says about its holder. */
export interface TokenClaims {
  roles: string[];
  subject?: string;
  /** A jose time span ("8h", "15m") or an absolute expiry in seconds since the epoch. */
  expiresIn?: string | number;
}

/** Signs an HS256 token the API accepts when its JWT_SECRET is `secret`. */
export async function mintToken(
  secret: string,
  { roles, subject = "local-user", expiresIn = "8h" }: TokenClaims,
): Promise<string> {
  return new SignJWT({ roles })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: "string", multiple: true, default: [EDITOR_ROLE] },
      expires: { type: "string", default: "8h" },
      sub: { type: "string", default: "local-user" },
    },
  });
  const { auth } = loadConfig().api;
  if (auth.mode !== "secret") {
    throw new ConfigError(
      "npm run token signs with JWT_SECRET, which is not set: set the same JWT_SECRET (32+ characters) for the API and this command, e.g. JWT_SECRET=$(openssl rand -hex 32).",
    );
  }
  const token = await mintToken(auth.secret, {
    roles: values.role,
    subject: values.sub,
    expiresIn: values.expires,
  });
  console.log(token);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  });
}
