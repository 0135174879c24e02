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

  it("bounds analytics by default (two at a time, eight waiting, 30% of the heap, answers reused for 5 min)", () => {
    expect(loadConfig({}).analytics).toEqual({
      maxNodes: 100_000,
      maxRelationships: 1_000_000,
      timeoutMs: 60_000,
      maxHeapPercent: 30,
      concurrency: 2,
      queue: 8,
      cacheSeconds: 300,
    });
    expect(loadConfig({ ANALYTICS_QUEUE: "0", ANALYTICS_CACHE_SECONDS: "0" }).analytics).toMatchObject({
      queue: 0,
      cacheSeconds: 0,
    });
    expect(() =>
      loadConfig({ ANALYTICS_CONCURRENCY: "0", ANALYTICS_MAX_HEAP_PERCENT: "95", ANALYTICS_QUEUE: "-1" }),
    ).toThrow(/ANALYTICS_CONCURRENCY[\s\S]*ANALYTICS_QUEUE[\s\S]*ANALYTICS_MAX_HEAP_PERCENT/);
  });

  it("opens the explorer search-first above 5,000 entities unless EXPLORER_SEARCH_FIRST_NODES says otherwise", () => {
    expect(loadConfig({}).explorer).toEqual({ searchFirstAbove: 5_000 });
    expect(loadConfig({ EXPLORER_SEARCH_FIRST_NODES: "0" }).explorer).toEqual({ searchFirstAbove: 0 });
    expect(() => loadConfig({ EXPLORER_SEARCH_FIRST_NODES: "many" })).toThrow(
      /EXPLORER_SEARCH_FIRST_NODES: a whole number of entities from 0 to 1000000000/,
    );
  });

  it("restarts a dead local Neo4j 5 times, waiting 1 s first, unless told otherwise", () => {
    expect(loadConfig({}).neo4j).toMatchObject({ restart: { attempts: 5, backoffMs: 1_000 } });
    expect(loadConfig({ NEO4J_RESTART_ATTEMPTS: "0", NEO4J_RESTART_BACKOFF_MS: "250" }).neo4j).toMatchObject({
      restart: { attempts: 0, backoffMs: 250 },
    });
    expect(() => loadConfig({ NEO4J_RESTART_ATTEMPTS: "-1", NEO4J_RESTART_BACKOFF_MS: "soon" })).toThrow(
      /NEO4J_RESTART_ATTEMPTS: a whole number of restart attempts \(0: never restart\) from 0 to 100[\s\S]*NEO4J_RESTART_BACKOFF_MS: a whole number of milliseconds from 100 to 600000/,
    );
  });

  it("has the local Neo4j's JVM compile with C2 ten times later than by default, unless told otherwise", () => {
    expect(loadConfig({}).neo4j).toMatchObject({ local: { jit: "delayed-c2" } });
    expect(loadConfig({ NEO4J_JIT: "c1-only" }).neo4j).toMatchObject({ local: { jit: "c1-only" } });
    expect(loadConfig({ NEO4J_JIT: "jvm-default" }).neo4j).toMatchObject({ local: { jit: "jvm-default" } });
    expect(() => loadConfig({ NEO4J_JIT: "fast" })).toThrow(
      /NEO4J_JIT: one of delayed-c2, c1-only, jvm-default/,
    );
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
  it("makes the API read-only, bounded and open to introspection by default in development", () => {
    expect(loadConfig({}).api).toEqual({
      maskErrors: true,
      introspection: true,
      auth: { mode: "none" },
      limits: {
        maxDepth: 10,
        maxCost: 20_000,
        maxAliases: 20,
        maxTokens: 2_000,
        maxInputDepth: 20,
        maxInputValues: 1_000,
        defaultLimit: 50,
        maxLimit: 500,
        maxBodyBytes: 100_000,
        timeoutMs: 30_000,
      },
      cacheSeconds: 0,
    });
  });

  it("caches anonymous reads for 30 s in production only, unless GRAPHQL_CACHE_SECONDS says otherwise", () => {
    expect(loadConfig({ NODE_ENV: "production" }).api.cacheSeconds).toBe(30);
    expect(loadConfig({ NODE_ENV: "production", GRAPHQL_CACHE_SECONDS: "0" }).api.cacheSeconds).toBe(0);
    expect(loadConfig({ GRAPHQL_CACHE_SECONDS: "5" }).api.cacheSeconds).toBe(5);
    expect(() => loadConfig({ GRAPHQL_CACHE_SECONDS: "-1" })).toThrow(/GRAPHQL_CACHE_SECONDS/);
  });

  it("masks errors and closes introspection in production unless GRAPHQL_INTROSPECTION says otherwise", () => {
    expect(loadConfig({ NODE_ENV: "production" }).api).toMatchObject({
      maskErrors: true,
      introspection: false,
    });
    expect(loadConfig({ NODE_ENV: "production", GRAPHQL_INTROSPECTION: "true" }).api.introspection).toBe(
      true,
    );
  });

  it("verifies tokens with JWT_SECRET or JWKS_URL, never both, and refuses a short secret", () => {
    expect(loadConfig({ JWT_SECRET: "x".repeat(32) }).api.auth).toEqual({
      mode: "secret",
      secret: "x".repeat(32),
      rules: { maxLifetimeSeconds: 86_400 },
    });
    expect(
      loadConfig({
        JWKS_URL: "https://id.example/jwks.json",
        JWT_ISSUER: "https://id.example/",
        JWT_AUDIENCE: "api",
      }).api.auth,
    ).toEqual({
      mode: "jwks",
      url: "https://id.example/jwks.json",
      rules: { issuer: "https://id.example/", audience: "api", maxLifetimeSeconds: 86_400 },
    });
    expect(() => loadConfig({ JWT_SECRET: "short" })).toThrow(/JWT_SECRET: at least 32 characters/);
    expect(() => loadConfig({ JWKS_URL: "file:///etc/keys" })).toThrow(/JWKS_URL: an http\(s\) URL/);
    expect(() =>
      loadConfig({ JWT_SECRET: "x".repeat(32), JWKS_URL: "https://id.example/jwks.json" }),
    ).toThrow(/JWKS_URL: set JWT_SECRET or JWKS_URL, not both/);
  });

  it("requires an issuer and an audience with JWKS_URL, and https unless the key set is on loopback", () => {
    const claims = { JWT_ISSUER: "https://id.example/", JWT_AUDIENCE: "api" };
    expect(() => loadConfig({ JWKS_URL: "https://id.example/jwks.json" })).toThrow(
      /JWT_ISSUER: is required with JWKS_URL[\s\S]*JWT_AUDIENCE: is required with JWKS_URL/,
    );
    expect(() => loadConfig({ JWKS_URL: "http://id.example/jwks.json", ...claims })).toThrow(
      /JWKS_URL: must be an https URL \(plain http is accepted only on a loopback host/,
    );
    expect(() => loadConfig({ JWKS_URL: "http://127.0.0.1.id.example/jwks.json", ...claims })).toThrow(
      /JWKS_URL: must be an https URL/,
    );
    for (const loopback of ["http://127.0.0.1:8080/jwks.json", "http://localhost/jwks", "http://[::1]:9/k"]) {
      expect(loadConfig({ JWKS_URL: loopback, ...claims }).api.auth).toMatchObject({
        mode: "jwks",
        url: loopback,
      });
    }
  });

  it("bounds token lifetimes to a day unless JWT_MAX_LIFETIME_SECONDS says otherwise, and checks iss/aud if set", () => {
    expect(
      loadConfig({ JWT_SECRET: "x".repeat(32), JWT_MAX_LIFETIME_SECONDS: "900" }).api.auth,
    ).toMatchObject({
      rules: { maxLifetimeSeconds: 900 },
    });
    expect(
      loadConfig({ JWT_SECRET: "x".repeat(32), JWT_ISSUER: "local", JWT_AUDIENCE: "btech-graph" }).api.auth,
    ).toMatchObject({ rules: { issuer: "local", audience: "btech-graph" } });
    expect(() => loadConfig({ JWT_MAX_LIFETIME_SECONDS: "0" })).toThrow(/JWT_MAX_LIFETIME_SECONDS/);
    expect(() => loadConfig({ JWT_MAX_LIFETIME_SECONDS: "a day" })).toThrow(/JWT_MAX_LIFETIME_SECONDS/);
  });

  it("masks internal error details in every NODE_ENV unless GRAPHQL_ERROR_DETAILS asks for them", () => {
    for (const NODE_ENV of ["development", "test", "production"]) {
      expect(loadConfig({ NODE_ENV }).api.maskErrors).toBe(true);
      expect(loadConfig({ NODE_ENV, GRAPHQL_ERROR_DETAILS: "true" }).api.maskErrors).toBe(false);
    }
    expect(() => loadConfig({ GRAPHQL_ERROR_DETAILS: "verbose" })).toThrow(/GRAPHQL_ERROR_DETAILS/);
  });

  it("refuses limits that are not positive whole numbers, or a default list size above the maximum", () => {
    expect(() => loadConfig({ GRAPHQL_MAX_DEPTH: "0", GRAPHQL_MAX_COST: "lots" })).toThrow(
      /GRAPHQL_MAX_DEPTH[\s\S]*GRAPHQL_MAX_COST/,
    );
    expect(() => loadConfig({ GRAPHQL_MAX_INPUT_DEPTH: "-1", GRAPHQL_MAX_INPUT_VALUES: "many" })).toThrow(
      /GRAPHQL_MAX_INPUT_DEPTH[\s\S]*GRAPHQL_MAX_INPUT_VALUES/,
    );
    expect(() => loadConfig({ GRAPHQL_DEFAULT_LIMIT: "600" })).toThrow(
      /GRAPHQL_DEFAULT_LIMIT: must not exceed GRAPHQL_MAX_LIMIT \(500\)/,
    );
  });
});
