// The command-line tools against the project's own Neo4j: they find a running local Neo4j where it really
// listens (its home knows the port), and refuse an --out they cannot write in one sentence, before any
// work. They run as `npm run …` runs them, in a process of their own.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript } from "../helpers/cli.ts";
import { neo4jEnvironment, privateNeo4j } from "../helpers/neo4j.ts";
import { freePort } from "../helpers/ports.ts";

describe("npm run export with an --out it cannot write", () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), "btech-graph-export-out-"));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  // On the shared Neo4j, so that nothing but the output can fail.
  const environment = () => neo4jEnvironment();

  it("says in one sentence that the folder does not exist, without a stack trace", async () => {
    const out = path.join(folder, "missing", "dir", "file.gexf");
    const result = await runScript("src/export/cli.ts", ["--format", "gexf", "--out", out], environment());
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `Cannot write --out ${out}: the folder ${path.join(folder, "missing", "dir")} does not exist. Create it first, or choose another path.`,
    );
    expect(existsSync(path.join(folder, "missing"))).toBe(false);
  }, 90_000);

  it("says so when --out is a folder", async () => {
    const result = await runScript("src/export/cli.ts", ["--format", "gexf", "--out", folder], environment());
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `Cannot write --out ${folder}: it is a folder. Give a file name, e.g. ${path.join(folder, "graph")}.`,
    );
  }, 90_000);
});

describe("a command-line tool while the local Neo4j runs on a port it was not told", () => {
  let neo: Awaited<ReturnType<typeof privateNeo4j>>;
  beforeAll(async () => {
    neo = await privateNeo4j();
  });
  afterAll(() => neo.dispose());

  it("finds the real Bolt port in the home and uses it", async () => {
    const realPort = neo.server.settings.boltPort;
    // The tool is configured with another port (as when NEO4J_BOLT_PORT is left at its default).
    const result = await runScript("src/export/cli.ts", ["--format", "d3"], {
      NEO4J_HOME: neo.server.settings.home,
      NEO4J_JARS: neo.server.settings.jars,
      NEO4J_BOLT_PORT: String(await freePort()),
      NEO4J_PASSWORD: neo.password,
    });
    expect(result.stderr).toContain(
      `Neo4j is already running for ${neo.server.settings.home} on bolt://127.0.0.1:${realPort} (pid ${neo.server.processId}); using it.`,
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ nodes: expect.any(Array), links: expect.any(Array) });
    // The server was adopted, not owned: the tool leaves it running.
    const pid = neo.server.processId;
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid as number, 0)).not.toThrow();
  }, 120_000);
});
