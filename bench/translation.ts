// What the generated API costs per request without the database: each named operation is answered from the
// records its statements returned once (replayed, no round trip), so that what is timed is GraphQL's parsing
// and validation, @neo4j/graphql's translation into Cypher and its shaping of the records, and, through the
// app over loopback, HTTP, Apollo and our plugins (limits, auth, cache) on top.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { execute, parse, validate } from "graphql";
import neo4j, { type Driver, type QueryResult, type Session } from "neo4j-driver";
import { AutoCommitRunner } from "../src/api/runner.ts";
import { buildSchema } from "../src/api/schema.ts";
import { createApp } from "../src/app/app.ts";
import { loadConfig } from "../src/config.ts";
import type { BenchOperation } from "./operations.ts";
import { type GeneratedCypher, percentile, postGraphQL } from "./queries.ts";

/** Per-request figures of one operation without the database, p50 in ms. */
export interface TranslationFigures {
  name: string;
  /** Statements the operation sends (one per root field). */
  statements: number;
  /** graphql-js parse and validate of the document against the schema. */
  parseValidate: number;
  /** graphql-js execute with @neo4j/graphql's resolvers: translation into Cypher and shaping of the records. */
  execute: number;
  /** Of `execute`: from its start until the last statement is handed over to be run (translation). */
  translate: number;
  /** The whole request through the app over loopback: HTTP, Apollo, our plugins, and the library. */
  app: number;
}

/** The production settings the benchmark's API runs with, response cache off. */
const api = loadConfig({ NODE_ENV: "production", GRAPHQL_CACHE_SECONDS: "0" }).api;

/**
 * Times each operation `iterations` times without the database: in process (parse, validate, execute) and
 * through an app on loopback whose driver replays the records instead of asking Neo4j.
 */
export async function measureTranslation(
  driver: Driver,
  operations: BenchOperation[],
  generated: Map<string, GeneratedCypher[]>,
  iterations: number,
  log: (line: string) => void,
): Promise<TranslationFigures[]> {
  const runner = new AutoCommitRunner(driver, "neo4j", api.limits.timeoutMs, "READ");
  // The library shapes the records it gets in place: each request gets records of its own, read before it.
  const freshReplies = async (name: string) => {
    const results: QueryResult[] = [];
    // As the app runs them (src/api/runner.ts): parameters the library leaves undefined stay so.
    for (const { cypher, params } of generated.get(name) ?? [])
      results.push(await runner.run(cypher, params));
    return results;
  };
  let replaying: QueryResult[] = [];
  let handedOver = 0;
  let nextReply = 0;
  const reply = () => {
    handedOver = performance.now();
    const result = replaying[nextReply % Math.max(1, replaying.length)];
    nextReply += 1;
    return Promise.resolve(result as QueryResult);
  };

  const schema = await buildSchema(undefined, api);
  const app = await createApp({
    driver: replayingDriver(driver, () => (replaying.length > 0 ? reply() : undefined)),
    database: "neo4j",
    api,
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.express.listen(0, "127.0.0.1", () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // What the library checks once, on its first request (the server's version), goes to Neo4j, not replayed.
  const first = operations[0];
  if (first) await postGraphQL(url, first, first.variables(0));
  const figures: TranslationFigures[] = [];
  try {
    for (const operation of operations) {
      const samples = { parseValidate: [] as number[], execute: [] as number[], translate: [] as number[] };
      const appSamples: number[] = [];
      const warmup = Math.max(5, Math.round(iterations / 10));
      for (let i = 0; i < warmup + iterations; i += 1) {
        replaying = await freshReplies(operation.name);
        const started = performance.now();
        const document = parse(operation.graphql);
        const problems = validate(schema, document);
        if (problems.length > 0) throw new Error(`${operation.name}: ${problems[0]?.message}`);
        const validated = performance.now();
        nextReply = 0;
        const result = await execute({
          schema,
          document,
          operationName: operation.operationName,
          variableValues: operation.variables(0),
          contextValue: { sessionConfig: { database: "neo4j" }, executionContext: { run: reply } },
        });
        const executed = performance.now();
        const translated = handedOver;
        if (result.errors) throw new Error(`${operation.name}: ${result.errors[0]?.message}`);
        replaying = await freshReplies(operation.name);
        nextReply = 0;
        const posted = performance.now();
        await postGraphQL(url, operation, operation.variables(0));
        const answered = performance.now();
        if (i < warmup) continue;
        samples.parseValidate.push(validated - started);
        samples.execute.push(executed - validated);
        samples.translate.push(translated - validated);
        appSamples.push(answered - posted);
      }
      const p50 = (values: number[]) =>
        Math.round(
          percentile(
            [...values].sort((a, b) => a - b),
            50,
          ) * 100,
        ) / 100;
      const figure: TranslationFigures = {
        name: operation.name,
        statements: replaying.length,
        parseValidate: p50(samples.parseValidate),
        execute: p50(samples.execute),
        translate: p50(samples.translate),
        app: p50(appSamples),
      };
      figures.push(figure);
      log(
        `  ${operation.name.padEnd(16)} parse+validate ${figure.parseValidate} ms, execute ${figure.execute} ms (translate ${figure.translate} ms), app without database ${figure.app} ms`,
      );
    }
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await app.stop();
  }
  return figures;
}

/**
 * The driver with every session's `run` (what the app's runner, src/api/runner.ts, calls) answered by `reply`
 * instead of Neo4j, or by Neo4j when `reply` has nothing (before the first operation); everything else
 * (health, the availability gate) reaches the real server.
 */
function replayingDriver(driver: Driver, reply: () => Promise<QueryResult> | undefined): Driver {
  const replayingSession = (session: Session) =>
    new Proxy(session, {
      get(target, property) {
        if (property === "run") {
          return (...args: Parameters<Session["run"]>) => reply() ?? target.run(...args);
        }
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return new Proxy(driver, {
    get(target, property) {
      if (property === "session") {
        return (config: Parameters<Driver["session"]>[0]) =>
          replayingSession(target.session({ ...config, defaultAccessMode: neo4j.session.READ }));
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
