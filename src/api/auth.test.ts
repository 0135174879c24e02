import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { createTokenVerifier } from "./auth.ts";
import { mintToken } from "./token.ts";

const secret = "unit-test-secret-of-at-least-32-characters";
const key = new TextEncoder().encode(secret);
const now = () => Math.floor(Date.now() / 1000);

/** The verifier `npm start` builds from these variables (besides JWT_SECRET). */
const verifierFor = (env: Record<string, string> = {}) =>
  createTokenVerifier(loadConfig({ JWT_SECRET: secret, ...env }).api.auth);

/** A token signed with the secret, its claims set by hand: the shapes an identity provider might send. */
const signed = (claims: Record<string, unknown>) =>
  new SignJWT({ roles: ["editor"], ...claims }).setProtectedHeader({ alg: "HS256" }).sign(key);

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => "accepted",
    (error: { message: string; extensions?: { code?: string } }) => {
      expect(error.extensions?.code).toBe("UNAUTHENTICATED");
      return error.message;
    },
  );

describe("token rules", () => {
  it("accepts a token that expires within the maximum lifetime", async () => {
    const claims = await verifierFor()(await mintToken(secret, { roles: ["editor"], expiresIn: "8h" }));
    expect(claims.roles).toEqual(["editor"]);
  });

  it("refuses a token without exp, naming the rule", async () => {
    expect(await refusal(verifierFor()(await signed({ iat: now() })))).toBe(
      'The token has no "exp" claim: this API accepts only tokens that expire, within 86400 s (JWT_MAX_LIFETIME_SECONDS).',
    );
  });

  it("refuses a token that lives longer than JWT_MAX_LIFETIME_SECONDS, with or without iat", async () => {
    const century = now() + 100 * 365 * 86_400;
    expect(await refusal(verifierFor()(await signed({ iat: now(), exp: century })))).toMatch(
      /^The token is valid for \d+ s, longer than the maximum of 86400 s \(JWT_MAX_LIFETIME_SECONDS\)/,
    );
    expect(await refusal(verifierFor()(await signed({ exp: century })))).toMatch(/JWT_MAX_LIFETIME_SECONDS/);
    // An iat in the future does not shorten the lifetime that counts: from now to exp.
    expect(await refusal(verifierFor()(await signed({ iat: century - 60, exp: century })))).toMatch(
      /JWT_MAX_LIFETIME_SECONDS/,
    );
    const hour = await mintToken(secret, { roles: ["editor"], expiresIn: "2h" });
    expect(await refusal(verifierFor({ JWT_MAX_LIFETIME_SECONDS: "3600" })(hour))).toMatch(
      /longer than the maximum of 3600 s \(JWT_MAX_LIFETIME_SECONDS\)/,
    );
    expect(await refusal(verifierFor({ JWT_MAX_LIFETIME_SECONDS: "7200" })(hour))).toBe("accepted");
  });

  it("checks iss and aud when JWT_ISSUER and JWT_AUDIENCE are set", async () => {
    const verify = verifierFor({ JWT_ISSUER: "https://id.example/", JWT_AUDIENCE: "btech-graph" });
    const exp = now() + 600;
    expect(await refusal(verify(await signed({ exp })))).toBe(
      'The token\'s "iss" claim is not "https://id.example/" (JWT_ISSUER).',
    );
    expect(
      await refusal(verify(await signed({ exp, iss: "https://other.example/", aud: "btech-graph" }))),
    ).toBe('The token\'s "iss" claim is not "https://id.example/" (JWT_ISSUER).');
    expect(await refusal(verify(await signed({ exp, iss: "https://id.example/", aud: "another-api" })))).toBe(
      'The token\'s "aud" claim does not include "btech-graph" (JWT_AUDIENCE).',
    );
    expect(
      await refusal(
        verify(await signed({ exp, iss: "https://id.example/", aud: ["another-api", "btech-graph"] })),
      ),
    ).toBe("accepted");
    const minted = await mintToken(secret, {
      roles: ["editor"],
      issuer: "https://id.example/",
      audience: "btech-graph",
    });
    expect(await refusal(verify(minted))).toBe("accepted");
  });

  it("ignores iss and aud when they are not configured", async () => {
    const exp = now() + 600;
    expect(await refusal(verifierFor()(await signed({ exp, iss: "anyone", aud: "anything" })))).toBe(
      "accepted",
    );
  });
});
