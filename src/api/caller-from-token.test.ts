import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { createTokenVerifier } from "./auth.ts";
import { callerFromToken, requestCaller } from "./caller-from-token.ts";
import { mintToken } from "./token.ts";

const secret = "unit-test-secret-of-at-least-32-characters";
let server: ReturnType<ReturnType<typeof express>["listen"]>;
let url: string;

beforeAll(async () => {
  const app = express();
  const verify = createTokenVerifier(loadConfig({ JWT_SECRET: secret }).api.auth);
  // What a handler behind the middleware sees: the caller it found.
  app.get("/whoami", callerFromToken(verify), (_req, res) => {
    res.json(requestCaller(res));
  });
  await new Promise<void>((resolve) => {
    server = app.listen(0, "127.0.0.1", () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/whoami`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const ask = async (authorization?: string) => {
  const response = await fetch(url, authorization ? { headers: { authorization } } : {});
  return { status: response.status, body: await response.json() };
};

describe("callerFromToken", () => {
  it("lets a request without a token through as an anonymous caller", async () => {
    expect(await ask()).toEqual({ status: 200, body: {} });
  });

  it("passes a valid token's claims on to the handler", async () => {
    const { status, body } = await ask(`Bearer ${await mintToken(secret, { roles: ["editor"] })}`);
    expect(status).toBe(200);
    expect(body.jwt.roles).toEqual(["editor"]);
  });

  it("fails a request with a bad token whole: 401, in GraphQL's error shape, without reaching the handler", async () => {
    const forged = await mintToken("another-secret-of-at-least-32-characters", { roles: ["editor"] });
    expect(await ask(`Bearer ${forged}`)).toEqual({
      status: 401,
      body: {
        errors: [
          {
            message: "The token's signature does not verify against JWT_SECRET.",
            extensions: { code: "UNAUTHENTICATED" },
          },
        ],
      },
    });
  });

  it("fails a malformed Authorization header with 401, saying the form it must take", async () => {
    const { status, body } = await ask("Basic dXNlcjpwYXNz");
    expect(status).toBe(401);
    expect(body.errors[0].message).toBe('The Authorization header must read "Bearer <token>".');
  });
});
