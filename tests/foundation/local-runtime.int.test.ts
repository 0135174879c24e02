// The project's own Neo4j runtime, on a server of this file's own: stopping, restarting, refusing.
import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import path from "node:path";
import neo4j from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app/app.ts";
import { projectRoot } from "../../src/config.ts";
import { createDriver } from "../../src/database.ts";
import { RuntimeError } from "../../src/neo4j-runtime/prerequisites.ts";
import { isAlive, LocalNeo4j } from "../../src/neo4j-runtime/server.ts";
import { serve } from "../helpers/http.ts";
import { privateNeo4j } from "../helpers/neo4j.ts";

describe("a local Neo4j started by the project", () => {
  let neo: Awaited<ReturnType<typeof privateNeo4j>>;
  beforeAll(async () => {
    neo = await privateNeo4j();
  });
  afterAll(() => neo.dispose());

  it("serves only loopback, with the password it was given", async () => {
    expect(neo.connection.uri).toMatch(/^bolt:\/\/127\.0\.0\.1:\d+$/);
    const driver = createDriver(neo.connection);
    try {
      const { records } = await driver.executeQuery(
        "CALL dbms.listConfig('server.bolt.listen_address') YIELD value RETURN value",
      );
      expect(records[0]?.get("value")).toBe(`127.0.0.1:${neo.server.settings.boltPort}`);
    } finally {
      await driver.close();
    }
  });

  it("refuses a second server on a port already taken, in one sentence", async () => {
    const intruder = new LocalNeo4j({ ...neo.server.settings, home: `${neo.server.settings.home}-other` });
    const attempt = intruder.start({ password: "whatever-pass" });
    await expect(attempt).rejects.toBeInstanceOf(RuntimeError);
    await expect(attempt).rejects.toThrow(
      new RegExp(`Port ${neo.server.settings.boltPort} on 127.0.0.1 is already in use: .*NEO4J_BOLT_PORT`),
    );
  });

  it("keeps the graph across a restart, and /ready follows the server down and back up", async () => {
    const driver = createDriver(neo.connection);
    const app: App = await createApp({ driver, database: "neo4j" });
    const http = await serve(app.express);
    try {
      await driver.executeQuery("MERGE (:Theme {id: 'theme:restart-probe', name: 'Restart probe'})");
      expect((await fetch(`${http.url}/ready`)).status).toBe(200);

      await neo.server.stop();
      // A /ready that waited on the dead server would never answer and fail this test by its timeout; how fast
      // it answers is the benchmark's business, not asserted here.
      const down = await fetch(`${http.url}/ready`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: "unavailable", error: "graph database unavailable" });

      await expect(neo.server.start({ password: "a-wrong-password" })).rejects.toThrow(
        /was set up with another password/,
      );
      await neo.server.start({ password: neo.password });
      // Bolt answers before the server's first statements are quick (on a busy machine, /ready's metadata
      // reads can take longer than their 5 s timeout for a while): ready again, not at once.
      const deadline = Date.now() + 60_000;
      let ready = (await fetch(`${http.url}/ready`)).status;
      while (ready !== 200 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        ready = (await fetch(`${http.url}/ready`)).status;
      }
      expect(ready).toBe(200);
      const { records } = await driver.executeQuery(
        "MATCH (t:Theme {id: 'theme:restart-probe'}) RETURN t.name AS name",
      );
      expect(records[0]?.get("name")).toBe("Restart probe");
    } finally {
      await http.close();
      await app.stop();
      await driver.close();
    }
    // Two server starts (one refused, one real) take 20-40 s on a quiet 2-core machine, minutes on a busy one.
  }, 240_000);

  it("stops its JVM when the process that started it is killed", async () => {
    // A child process starts a server and is then SIGKILLed, as a crashed run would be.
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join("tests", "fixtures", "start-neo4j.ts")],
      {
        cwd: projectRoot,
        env: { ...process.env, JARS: neo.server.settings.jars },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const { jvmPid, home } = await new Promise<{ jvmPid: number; home: string }>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        const match = /jvm (\d+) home (\S+)/.exec(chunk.toString());
        if (match?.[1] && match[2]) resolve({ jvmPid: Number(match[1]), home: match[2] });
      });
      child.on("exit", (code) => reject(new Error(`fixture exited with ${code}`)));
    });
    expect(isAlive(jvmPid)).toBe(true);
    child.kill("SIGKILL");
    const deadline = Date.now() + 60_000;
    while (isAlive(jvmPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(isAlive(jvmPid)).toBe(false);
    await rm(home, { recursive: true, force: true });
  }, 120_000);
});

describe("the Bolt driver against a stopped server", () => {
  // A driver that hung on a closed port would fail this test by its timeout rather than by the assertion.
  it("fails with a driver error rather than hanging", async () => {
    const driver = createDriver({
      uri: "bolt://127.0.0.1:9",
      username: "neo4j",
      password: "irrelevant",
      database: "neo4j",
    });
    await expect(driver.verifyConnectivity()).rejects.toBeInstanceOf(neo4j.Neo4jError);
    await driver.close();
  });
});
