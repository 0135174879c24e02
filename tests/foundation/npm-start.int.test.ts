// `npm start` as a user runs it: its script bundles src/app/main.ts into dist/main.js (esbuild) and runs that
// with plain Node, without tsx's loader. The bundle must find what it reads at run time (graph/, seed/, web/)
// from the project's root, serve GraphQL, and stop cleanly when npm passes it a SIGTERM.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config.ts";
import { postGraphQL } from "../helpers/http.ts";
import { neo4jEnvironment } from "../helpers/neo4j.ts";
import { freePort } from "../helpers/ports.ts";

describe("npm start's bundled app", () => {
  it("serves GraphQL from dist/main.js and exits 0 on SIGTERM", { timeout: 180_000 }, async () => {
    const port = await freePort();
    const child = spawn("npm", ["start"], {
      cwd: projectRoot,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ...neo4jEnvironment(),
        NODE_ENV: "production",
        SEED_ON_EMPTY: "false",
        PORT: String(port),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const ready = new Promise<boolean>((resolve) => {
      const look = (chunk: Buffer) => {
        output += chunk.toString();
        if (/btech-graph is ready/.test(output)) resolve(true);
      };
      child.stdout.on("data", look);
      child.stderr.on("data", look);
      void exited.then(() => resolve(false));
    });
    try {
      expect(await ready, output).toBe(true);
      const answer = await postGraphQL(`http://127.0.0.1:${port}`, "{ __typename }");
      expect(answer.body).toEqual({ data: { __typename: "Query" } });
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited, output).toBe(0);
    expect(output).toMatch(/SIGTERM: stopping btech-graph/);
  });
});
