import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, projectRoot } from "./config.ts";

describe("loadConfig", () => {
  it("defaults to a local Neo4j under .neo4j/ and the API on 127.0.0.1:4000", () => {
    const config = loadConfig({});
    expect(config.http).toEqual({ host: "127.0.0.1", port: 4000 });
    expect(config.neo4j).toMatchObject({
      mode: "local",
      database: "neo4j",
      local: {
        boltPort: 7687,
        home: path.join(projectRoot, ".neo4j/home"),
        jars: path.join(projectRoot, ".neo4j/jars"),
        heap: "512m",
        pageCache: "256m",
      },
    });
  });

  it("uses the user's Neo4j when NEO4J_URI is set", () => {
    const config = loadConfig({
      NEO4J_URI: "neo4j+s://example.databases.neo4j.io",
      NEO4J_PASSWORD: "secret-pass",
    });
    expect(config.neo4j).toEqual({
      mode: "external",
      uri: "neo4j+s://example.databases.neo4j.io",
      username: "neo4j",
      password: "secret-pass",
      database: "neo4j",
    });
  });

  it("names every variable to fix in one error", () => {
    const attempt = () =>
      loadConfig({
        PORT: "eighty",
        NEO4J_URI: "http://localhost:7474",
        NEO4J_HEAP: "lots",
        SEED_ON_EMPTY: "maybe",
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/NEO4J_URI: a Bolt URI/);
    expect(attempt).toThrow(/NEO4J_HEAP: a size such as 512m/);
    expect(attempt).toThrow(/SEED_ON_EMPTY/);
  });

  it("asks for a password when NEO4J_URI is set without one", () => {
    expect(() => loadConfig({ NEO4J_URI: "bolt://localhost:7687" })).toThrow(
      /NEO4J_PASSWORD: is required when NEO4J_URI/,
    );
  });

  it("refuses a password shorter than Neo4j accepts", () => {
    expect(() => loadConfig({ NEO4J_PASSWORD: "short" })).toThrow(/NEO4J_PASSWORD: at least 8 characters/);
  });
});
