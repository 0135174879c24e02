// A real Neo4j without the GDS plugin (the same jars, with only APOC in its plugins folder): /ready says so,
// every analytics field answers one error saying how to install GDS, and the rest of the API keeps working.
import { copyFile, mkdir, mkdtemp, readdir, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Driver } from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { pageRank } from "../../src/analytics/algorithms.ts";
import { GdsMissingError } from "../../src/analytics/errors.ts";
import { hasGds } from "../../src/analytics/gds.ts";
import { type App, createApp } from "../../src/app/app.ts";
import { createDriver } from "../../src/database.ts";
import { LocalNeo4j } from "../../src/neo4j-runtime/server.ts";
import { postGraphQL, serve } from "../helpers/http.ts";
import { freePort } from "../helpers/ports.ts";

/** A jar folder like the project's, whose plugins/ holds APOC's jars and nothing of GDS. */
async function jarsWithoutGds(root: string): Promise<string> {
  const source = inject("neo4jJars");
  const jars = path.join(root, "jars");
  await mkdir(path.join(jars, "plugins"), { recursive: true });
  await symlink(path.join(source, "lib"), path.join(jars, "lib"));
  for (const jar of await readdir(path.join(source, "plugins"))) {
    if (jar.startsWith("apoc-"))
      await symlink(path.join(source, "plugins", jar), path.join(jars, "plugins", jar));
  }
  // The marker says the jars of the current pom are in place, so nothing is downloaded.
  await copyFile(path.join(source, "complete"), path.join(jars, "complete"));
  return jars;
}

describe("a Neo4j without Graph Data Science", () => {
  let root: string;
  let server: LocalNeo4j;
  let driver: Driver;
  let app: App;
  let http: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "btech-graph-no-gds-"));
    server = new LocalNeo4j({
      home: path.join(root, "home"),
      jars: await jarsWithoutGds(root),
      boltPort: await freePort(),
      heap: "384m",
      pageCache: "64m",
    });
    // A busy machine (CI on 2 cores, other suites' servers) can take minutes to start a Neo4j.
    const connection = await server.start({ password: "no-gds-test-password", timeoutMs: 360_000 });
    driver = createDriver({ ...connection, database: "neo4j" });
    await driver.executeQuery(
      "CREATE (:Company:Entity {id: 'company:plain', name: 'Plain'})-[:MEMBER_OF {factId: 'fact:x', basis: 'STATED'}]->(:Programme:Entity {id: 'programme:plain', name: 'Plain programme'})",
    );
    app = await createApp({ driver, database: "neo4j" });
    http = await serve(app.express);
  }, 420_000);

  afterAll(async () => {
    await http?.close();
    await app?.stop();
    await driver?.close();
    await server?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it("is detected, and /ready says GDS is missing while the server is ready", async () => {
    expect(await hasGds(driver, "neo4j")).toBe(false);
    const response = await fetch(`${http.url}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: "ready",
      neo4j: { apoc: expect.any(String), gds: null },
    });
  });

  it("makes every analytics call fail with one error saying how to install GDS", async () => {
    const error = await pageRank(
      {
        driver,
        database: "neo4j",
        limits: { maxNodes: 100, maxRelationships: 100, timeoutMs: 10_000, maxHeapPercent: 30 },
      },
      {},
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GdsMissingError);
    for (const query of [
      "{ pageRank { total } }",
      "{ louvainCommunities { communityCount } }",
      `{ shortestPath(from: "company:plain", to: "programme:plain") { found } }`,
      "{ bipartiteProjection(preset: COMPANY_THEME) { links { weight } } }",
    ]) {
      const { status, body } = await postGraphQL(http.url, query);
      expect(status).toBe(503);
      expect(body.errors).toHaveLength(1);
      expect(body.errors?.[0]).toMatchObject({
        message: expect.stringMatching(
          /^Graph analytics need the Neo4j Graph Data Science plugin .* Install it and restart Neo4j: .* plugins\/ folder .*Everything else in btech-graph works without it\.$/,
        ),
        extensions: { code: "SERVICE_UNAVAILABLE" },
      });
    }
  });

  it("keeps the rest of the API working", async () => {
    const { status, body } = await postGraphQL(http.url, `{ companies { id name memberships { id } } }`);
    expect(status).toBe(200);
    expect(body).toEqual({
      data: { companies: [{ id: "company:plain", name: "Plain", memberships: [{ id: "programme:plain" }] }] },
    });
  });
});
