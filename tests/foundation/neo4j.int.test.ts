import { readFileSync } from "node:fs";
import path from "node:path";
import neo4j from "neo4j-driver";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config.ts";
import { assertCompatible, describeServer } from "../../src/database.ts";
import { sharedDriver, sharedNeo4j } from "../helpers/neo4j.ts";

const pom = readFileSync(path.join(projectRoot, "neo4j", "pom.xml"), "utf8");
const pinned = (name: string) => new RegExp(`<${name}>([^<]+)</${name}>`).exec(pom)?.[1];

describe("the Neo4j the tests run against", () => {
  const driver = sharedDriver();
  afterAll(() => driver.close());

  it("answers Bolt with the right password", async () => {
    const { records } = await driver.executeQuery("RETURN 40 + 2 AS answer");
    expect(records[0]?.get("answer")).toBe(42);
  });

  it("refuses a wrong password", async () => {
    const { uri } = sharedNeo4j();
    const intruder = neo4j.driver(uri, neo4j.auth.basic("neo4j", "not-the-password"));
    try {
      await expect(intruder.verifyConnectivity()).rejects.toMatchObject({
        code: "Neo.ClientError.Security.Unauthorized",
      });
    } finally {
      await intruder.close();
    }
  });

  it("runs the Neo4j, APOC and GDS versions the pom pins", async () => {
    const { records } = await driver.executeQuery("RETURN apoc.version() AS apoc, gds.version() AS gds");
    expect(records[0]?.get("apoc")).toBe(pinned("apoc.version"));
    expect(records[0]?.get("gds")).toBe(pinned("gds.version"));
    const info = await describeServer(driver, "neo4j");
    expect(info).toEqual({
      version: pinned("neo4j.version"),
      edition: "community",
      apoc: pinned("apoc.version"),
      gds: pinned("gds.version"),
    });
    expect(() => assertCompatible(info)).not.toThrow();
  });

  it("has the APOC functions @neo4j/graphql 7 generates calls to", async () => {
    const { records } = await driver.executeQuery(
      "RETURN apoc.util.validatePredicate(false, 'unused', []) AS valid, apoc.date.convertFormat('2022-02-28', 'date', 'basic_date') AS day",
    );
    expect(records[0]?.toObject()).toEqual({ valid: true, day: "20220228" });
  });

  it("runs a GDS algorithm", async () => {
    const { records } = await driver.executeQuery(`
      CALL gds.graph.project.cypher('foundation-check',
        'UNWIND range(1, 3) AS id RETURN id',
        'UNWIND [[1, 2], [2, 3]] AS pair RETURN pair[0] AS source, pair[1] AS target')
      YIELD nodeCount
      CALL gds.pageRank.stream('foundation-check') YIELD nodeId, score
      WITH nodeCount, count(score) AS scored
      CALL gds.graph.drop('foundation-check') YIELD graphName
      RETURN nodeCount, scored`);
    expect(records[0]?.toObject()).toEqual({ nodeCount: 3, scored: 3 });
  });
});

describe("assertCompatible", () => {
  const base = { version: "5.26.12", edition: "community", apoc: "5.26.12", gds: null };
  it("accepts 5.23 and later without GDS", () => {
    expect(() => assertCompatible(base)).not.toThrow();
  });
  it("refuses a Neo4j older than 5.23 and says which is needed", () => {
    expect(() => assertCompatible({ ...base, version: "5.20.0" })).toThrow(/5\.20\.0 is too old: .* 5\.23/);
  });
  it("refuses a Neo4j without APOC and says how to install it", () => {
    expect(() => assertCompatible({ ...base, apoc: null })).toThrow(/APOC core plugin is missing/);
  });
});
