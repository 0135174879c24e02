// `npm start` when it cannot listen: it must not say it is ready, but exit non-zero with one sentence that
// says which port or host failed and what to set. The app points at the shared Neo4j, so that nothing but
// the listen can fail.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript } from "../helpers/cli.ts";
import { neo4jEnvironment } from "../helpers/neo4j.ts";
import { freePort } from "../helpers/ports.ts";

function appEnvironment(extra: Record<string, string>): Record<string, string> {
  return {
    NODE_ENV: "production",
    ...neo4jEnvironment(),
    SEED_ON_EMPTY: "false",
    ...extra,
  };
}

/** Runs `npm start`'s script until it exits, or until it claims to be ready (which fails the test). */
const npmStart = (extra: Record<string, string>) =>
  runScript("src/app/main.ts", [], appEnvironment(extra), {
    timeoutMs: 120_000,
    until: /btech-graph is ready/,
  });

describe("npm start that cannot listen", () => {
  let taken: net.Server;
  let takenPort: number;
  beforeAll(async () => {
    takenPort = await freePort();
    taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(takenPort, "127.0.0.1", resolve));
  });
  afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  it("exits non-zero when its port is taken, saying which port and to set PORT", async () => {
    const result = await npmStart({ HOST: "127.0.0.1", PORT: String(takenPort) });
    expect(result.stdout + result.stderr).not.toMatch(/is ready/);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `Port ${takenPort} on 127.0.0.1 is already in use (by another program, or another copy of btech-graph): stop it, or set PORT to a free port.`,
    );
  }, 150_000);

  it("exits non-zero when HOST does not resolve, saying to set HOST", async () => {
    const result = await npmStart({ HOST: "example.invalid", PORT: String(await freePort()) });
    expect(result.stdout + result.stderr).not.toMatch(/is ready/);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      /^HOST example\.invalid does not resolve to an address: set HOST to 127\.0\.0\.1/,
    );
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  }, 150_000);
});
