// Who may write: anonymous callers read, a token without the editor role is refused, an editor writes.
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";
import type { Driver } from "neo4j-driver";
import { describe, expect, it } from "vitest";
import { buildSchema } from "../../src/api/schema.ts";
import { mintToken } from "../../src/api/token.ts";
import { requireEditor } from "../../src/caller.ts";
import { type ApiSettings, loadConfig } from "../../src/config.ts";
import { graphChecksum } from "../helpers/graph.ts";
import { postGraphQL, serveAppForSuite } from "../helpers/http.ts";
import { sharedNeo4j } from "../helpers/neo4j.ts";

// The library is CommonJS: its schema must be executed by the same (CommonJS) copy of graphql.
const { graphql } = createRequire(import.meta.url)("graphql") as typeof import("graphql");
const secret = "test-secret-of-at-least-32-characters!!";
const withSecret: ApiSettings = loadConfig({ JWT_SECRET: secret }).api;
const create = `mutation AddCompany($id: ID!) {
  upsertSources(input: [{ id: "source:auth-probe", title: "Auth probe" }]) { __typename }
  upsertEntities(input: [{ id: $id, name: "Intruder", evidence: [{ source: "source:auth-probe", section: "X", quote: "x" }] }]) { created }
}`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** Companies these tests create all have ids starting `company:auth-`, and cite `source:auth-probe`. */
const removeAuthCompanies = (driver: Driver) =>
  driver.executeQuery(
    "MATCH (n:Entity) WHERE n.id STARTS WITH 'company:auth-' OR n.id = 'source:auth-probe' DETACH DELETE n",
  );

describe("auth with an HS256 secret", () => {
  const server = serveAppForSuite({
    api: withSecret,
    before: async (driver) => {
      await removeAuthCompanies(driver);
      await driver.executeQuery("CREATE (:Company:Entity {id: 'company:auth-probe', name: 'Auth Probe'})");
    },
    after: async (driver) => {
      await removeAuthCompanies(driver);
    },
  });
  const { driver } = server;

  async function refusedWrite(headers: Record<string, string>) {
    const before = await graphChecksum(driver);
    const response = await postGraphQL(server.url, create, { id: "company:auth-intruder" }, headers);
    expect(await graphChecksum(driver)).toBe(before);
    expect(response.body.data ?? null).toBeNull();
    return response;
  }

  it("lets anonymous callers read", async () => {
    const { status, body } = await postGraphQL(
      server.url,
      `{ companies(where: { id: { eq: "company:auth-probe" } }) { name } }`,
    );
    expect(status).toBe(200);
    expect(body).toEqual({ data: { companies: [{ name: "Auth Probe" }] } });
  });

  it("refuses an anonymous mutation and leaves the graph as it was", async () => {
    const { status, body } = await refusedWrite({});
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(body.errors?.[0]?.message).toMatch(/Writes need a bearer token with the editor role/);
  });

  it("refuses a token without the editor role with FORBIDDEN", async () => {
    const token = await mintToken(secret, { roles: ["viewer"] });
    const { status, body } = await refusedWrite(bearer(token));
    expect(status).toBe(403);
    expect(body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(body.errors?.[0]?.message).toMatch(/roles do not include "editor"/);
  });

  it("refuses an expired token, even to read, saying it expired", async () => {
    const token = await mintToken(secret, {
      roles: ["editor"],
      expiresIn: Math.floor(Date.now() / 1000) - 60,
    });
    const { status, body } = await refusedWrite(bearer(token));
    expect(status).toBe(401);
    expect(body.errors?.[0]).toMatchObject({
      message: "The token has expired: get a new one.",
      extensions: { code: "UNAUTHENTICATED" },
    });
    const read = await postGraphQL(server.url, "{ companies { id } }", {}, bearer(token));
    expect(read.status).toBe(401);
  });

  it("refuses a token that never expires, or expires in a century, naming the rule", async () => {
    const sign = (claims: JWTPayload) =>
      new SignJWT({ roles: ["editor"], ...claims })
        .setProtectedHeader({ alg: "HS256" })
        .setIssuedAt()
        .sign(new TextEncoder().encode(secret));
    const forever = await refusedWrite(bearer(await sign({})));
    expect(forever.status).toBe(401);
    expect(forever.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^The token has no "exp" claim.*JWT_MAX_LIFETIME_SECONDS/),
      extensions: { code: "UNAUTHENTICATED" },
    });
    const century = await refusedWrite(
      bearer(await sign({ exp: Math.floor(Date.now() / 1000) + 100 * 365 * 86_400 })),
    );
    expect(century.status).toBe(401);
    expect(century.body.errors?.[0]?.message).toMatch(
      /longer than the maximum of 86400 s \(JWT_MAX_LIFETIME_SECONDS\)/,
    );
  });

  it("refuses a token signed with another key", async () => {
    const token = await mintToken("another-secret-of-at-least-32-characters", { roles: ["editor"] });
    const { body } = await refusedWrite(bearer(token));
    expect(body.errors?.[0]).toMatchObject({
      message: "The token's signature does not verify against JWT_SECRET.",
      extensions: { code: "UNAUTHENTICATED" },
    });
  });

  it("refuses an unsigned token and a malformed header", async () => {
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const claims = Buffer.from(JSON.stringify({ roles: ["editor"] })).toString("base64url");
    const unsigned = await refusedWrite(bearer(`${header}.${claims}.`));
    expect(unsigned.body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const malformed = await refusedWrite({ authorization: "Token abc" });
    expect(malformed.body.errors?.[0]?.message).toBe('The Authorization header must read "Bearer <token>".');
  });

  it("lets an editor write", async () => {
    const token = await mintToken(secret, { roles: ["editor"] });
    const { status, body } = await postGraphQL(
      server.url,
      create,
      { id: "company:auth-written" },
      bearer(token),
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      data: {
        upsertSources: { __typename: "EditSummary" },
        upsertEntities: { created: ["company:auth-written"] },
      },
    });
    const { records } = await driver.executeQuery(
      "MATCH (c:Company {id: 'company:auth-written'}) RETURN c.name AS name",
    );
    expect(records[0]?.get("name")).toBe("Intruder");
  });

  it("guards the editing mutations in the schema itself (@authentication), not only in the app", async () => {
    const schema = await buildSchema(driver, withSecret);
    const run = (jwt?: object) =>
      graphql({
        schema,
        source: create,
        variableValues: { id: "company:auth-direct" },
        contextValue: { ...(jwt ? { jwt } : {}), sessionConfig: { database: sharedNeo4j().database } },
      });
    const before = await graphChecksum(driver);
    const anonymous = await run();
    const viewer = await run({ roles: ["viewer"] });
    expect(anonymous.errors?.[0]?.message).toMatch(/Unauthenticated/);
    expect(viewer.errors?.[0]?.message).toMatch(/Unauthenticated/);
    expect(await graphChecksum(driver)).toBe(before);
  });

  it("gives custom resolvers the same check through requireEditor", () => {
    expect(() => requireEditor({})).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: "UNAUTHENTICATED" }) }),
    );
    expect(() => requireEditor({ jwt: { roles: ["viewer"] } })).toThrow(/Forbidden/);
    expect(() => requireEditor({ jwt: { roles: ["editor"] } })).not.toThrow();
  });
});

describe("auth without JWT_SECRET or JWKS_URL", () => {
  const server = serveAppForSuite();
  const { driver } = server;

  it("accepts no token at all, so no write is possible", async () => {
    const token = await mintToken(secret, { roles: ["editor"] });
    const before = await graphChecksum(driver);
    const { status, body } = await postGraphQL(
      server.url,
      create,
      { id: "company:auth-none" },
      bearer(token),
    );
    expect(status).toBe(401);
    expect(body.errors?.[0]?.message).toMatch(/neither JWT_SECRET nor JWKS_URL/);
    expect(await graphChecksum(driver)).toBe(before);
  });
});

describe("auth with a JWKS URL", () => {
  let jwks: Server;
  let jwksUrl: string;
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];
  const issuer = "https://id.example/";
  const audience = "btech-graph";

  const server = serveAppForSuite({
    before: async (driver) => {
      await removeAuthCompanies(driver);
      const pair = await generateKeyPair("RS256");
      privateKey = pair.privateKey;
      const key = { ...(await exportJWK(pair.publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
      jwks = createServer((_req, res) => {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ keys: [key] }));
      });
      await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
      jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
    },
    api: () => loadConfig({ JWKS_URL: jwksUrl, JWT_ISSUER: issuer, JWT_AUDIENCE: audience }).api,
    after: async (driver) => {
      await removeAuthCompanies(driver);
      await new Promise((resolve) => jwks.close(resolve));
    },
  });
  const { driver } = server;

  const sign = (roles: string[], claims: { iss?: string; aud?: string } = { iss: issuer, aud: audience }) =>
    new SignJWT({ roles, ...claims })
      .setProtectedHeader({ alg: "RS256", kid: "test-key" })
      .setExpirationTime("5m")
      .sign(privateKey);

  it("lets an editor whose token the key set verifies write", async () => {
    const { body } = await postGraphQL(
      server.url,
      create,
      { id: "company:auth-jwks" },
      bearer(await sign(["editor"])),
    );
    expect(body).toEqual({
      data: {
        upsertSources: { __typename: "EditSummary" },
        upsertEntities: { created: ["company:auth-jwks"] },
      },
    });
  });

  it("refuses a token the key set signed for another audience or by another issuer", async () => {
    const before = await graphChecksum(driver);
    for (const [claims, says] of [
      [{ iss: issuer, aud: "another-api" }, /"aud" claim does not include "btech-graph" \(JWT_AUDIENCE\)/],
      [
        { iss: "https://other.example/", aud: audience },
        /"iss" claim is not "https:\/\/id.example\/" \(JWT_ISSUER\)/,
      ],
      [{}, /"iss" claim is not/],
    ] as const) {
      const { status, body } = await postGraphQL(
        server.url,
        create,
        { id: "company:auth-audience" },
        bearer(await sign(["editor"], claims)),
      );
      expect(status).toBe(401);
      expect(body.errors?.[0]?.message).toMatch(says);
    }
    expect(await graphChecksum(driver)).toBe(before);
  });

  it("refuses an HS256 token, which a key set can never vouch for", async () => {
    const before = await graphChecksum(driver);
    const token = await mintToken(secret, { roles: ["editor"] });
    const { body } = await postGraphQL(server.url, create, { id: "company:auth-hs" }, bearer(token));
    expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(await graphChecksum(driver)).toBe(before);
  });
});
