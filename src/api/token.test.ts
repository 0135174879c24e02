import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { loadConfig, projectRoot } from "../config.ts";
import { createTokenVerifier } from "./auth.ts";

const secret = "unit-test-secret-of-at-least-32-characters";

/** `npm run token` as a user runs it, with these variables and arguments. */
async function runTokenCommand(env: Record<string, string>, args: string[] = []) {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", path.join("src", "api", "token.ts"), ...args],
      { cwd: projectRoot, env: { PATH: process.env.PATH, ...env } },
    );
    return { code: 0, stdout: stdout.trim(), stderr: "" };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout.trim(), stderr: failed.stderr.trim() };
  }
}

describe("npm run token", () => {
  const env = {
    JWT_SECRET: secret,
    JWT_ISSUER: "https://id.example/",
    JWT_AUDIENCE: "btech-graph",
    JWT_MAX_LIFETIME_SECONDS: "3600",
  };

  it("mints a token the API accepts under its issuer, audience and maximum lifetime", async () => {
    const { code, stdout } = await runTokenCommand(env);
    expect(code).toBe(0);
    const claims = await createTokenVerifier(loadConfig(env).api.auth)(stdout);
    expect(claims).toMatchObject({ roles: ["editor"], iss: "https://id.example/", aud: "btech-graph" });
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
  });

  it("refuses to mint a token that would live longer than JWT_MAX_LIFETIME_SECONDS", async () => {
    const { code, stdout, stderr } = await runTokenCommand(env, ["--expires", "2h"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      "--expires 2h is longer than the API accepts: at most 3600 s (JWT_MAX_LIFETIME_SECONDS).",
    );
  });
});
