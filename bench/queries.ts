import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import neo4j, { type Driver, type ManagedTransaction, type Session } from "neo4j-driver";
import { createApp } from "../src/app/app.ts";
import { loadConfig } from "../src/config.ts";
import type { BenchOperation } from "./operations.ts";

/** Latency figures of one operation on one side (GraphQL over HTTP, or Cypher through the driver). */
export interface Latency {
  p50: number;
  p99: number;
  mean: number;
  samples: number;
}

export interface OperationFigures {
  name: string;
  description: string;
  /** Why its latency may grow with the graph, if it may (see BenchOperation.grows). */
  grows?: string;
  graphql: Latency;
  cypher: Latency;
  /** GraphQL p50 / Cypher p50. */
  ratio: number;
  /** PROFILE db hits of the Cypher @neo4j/graphql generated, and of the hand-written Cypher (first variables). */
  generatedDbHits: number;
  handDbHits: number;
  /** Rows of the answer to the first variables, on each side, to show they answer the same. */
  graphqlRows: number;
  cypherRows: number;
  errors: number;
}

/** The p-th percentile (0–100) of sorted samples, nearest rank. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

function summarize(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    mean: round(sorted.reduce((sum, n) => sum + n, 0) / Math.max(1, sorted.length)),
    samples: sorted.length,
  };
}

/** POSTs one GraphQL operation; throws on HTTP or GraphQL errors. */
export async function postGraphQL(
  url: string,
  operation: Pick<BenchOperation, "graphql" | "operationName">,
  variables: Record<string, unknown>,
) {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: operation.graphql, operationName: operation.operationName, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
  if (response.status !== 200 || body.errors) {
    throw new Error(`HTTP ${response.status}: ${body.errors?.map((error) => error.message).join("; ")}`);
  }
  return body.data ?? {};
}

/** How many objects an answer holds (rows at every level), to compare the two sides' answers. */
function countObjects(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + countObjects(item), 0);
  if (value && typeof value === "object" && !(value instanceof neo4j.types.Date)) {
    return 1 + Object.values(value).reduce((sum: number, item) => sum + countObjects(item), 0);
  }
  return 0;
}

/**
 * Times every operation through HTTP and its hand-written Cypher through the driver, interleaved call by
 * call so that any other load on the machine hits both sides alike.
 */
export async function measureOperations(
  url: string,
  driver: Driver,
  operations: BenchOperation[],
  iterations: number,
  generated: Map<string, GeneratedCypher[]>,
  log: (line: string) => void,
): Promise<OperationFigures[]> {
  const figures: OperationFigures[] = [];
  for (const operation of operations) {
    const graphqlTimes: number[] = [];
    const cypherTimes: number[] = [];
    let errors = 0;
    let firstError = "";
    const warmup = Math.max(5, Math.round(iterations / 10));
    for (let i = 0; i < warmup + iterations; i += 1) {
      const variables = operation.variables(i);
      let started = performance.now();
      try {
        await postGraphQL(url, operation, variables);
        if (i >= warmup) graphqlTimes.push(performance.now() - started);
      } catch (error) {
        errors += 1;
        firstError ||= (error as Error).message;
      }
      started = performance.now();
      await driver.executeQuery(operation.cypher, operation.parameters(i), {
        database: "neo4j",
        routing: neo4j.routing.READ,
      });
      if (i >= warmup) cypherTimes.push(performance.now() - started);
    }
    if (firstError) log(`  ${operation.name}: ${errors} GraphQL errors, first: ${firstError}`);
    const graphqlAnswer =
      errors < warmup + iterations ? await postGraphQL(url, operation, operation.variables(0)) : {};
    const cypherAnswer = await driver.executeQuery(operation.cypher, operation.parameters(0), {
      database: "neo4j",
    });
    const capture = generated.get(operation.name);
    const figure: OperationFigures = {
      name: operation.name,
      description: operation.description,
      ...(operation.grows ? { grows: operation.grows } : {}),
      graphql: summarize(graphqlTimes),
      cypher: summarize(cypherTimes),
      ratio: 0,
      generatedDbHits: capture ? await sumDbHits(driver, capture) : Number.NaN,
      handDbHits: await dbHits(driver, operation.cypher, operation.parameters(0)),
      graphqlRows: countObjects(Object.values(graphqlAnswer)),
      cypherRows: countObjects(cypherAnswer.records.map((record) => record.toObject())),
      errors,
    };
    figure.ratio = Math.round((figure.graphql.p50 / figure.cypher.p50) * 100) / 100;
    figures.push(figure);
    log(
      `  ${operation.name.padEnd(16)} GraphQL p50 ${figure.graphql.p50} ms p99 ${figure.graphql.p99} ms | Cypher p50 ${figure.cypher.p50} ms p99 ${figure.cypher.p99} ms | ratio ${figure.ratio} | db hits generated ${figure.generatedDbHits}, hand ${figure.handDbHits}`,
    );
  }
  return figures;
}

/** Db hits of every statement an operation ran (one per root field of the query). */
async function sumDbHits(driver: Driver, statements: GeneratedCypher[]): Promise<number> {
  let total = 0;
  for (const statement of statements) total += await dbHits(driver, statement.cypher, statement.params);
  return total;
}

/** Total db hits of a query's PROFILE plan. */
async function dbHits(driver: Driver, cypher: string, params: Record<string, unknown>): Promise<number> {
  // A CYPHER version prefix must stay first: PROFILE goes after it.
  const profiled = cypher.replace(/^(\s*CYPHER [^\n]*\n)?/, (prefix) => `${prefix}PROFILE `);
  // @neo4j/graphql passes omitted optional arguments as `undefined`; PROFILE wants them present, as null.
  const present = Object.fromEntries(Object.entries(params).map(([key, value]) => [key, value ?? null]));
  const { summary } = await driver.executeQuery(profiled, present, { database: "neo4j" });
  type Plan = { dbHits: number; children: Plan[] };
  const sum = (plan: Plan | false | undefined): number =>
    plan ? plan.dbHits + plan.children.reduce((total, child) => total + sum(child), 0) : 0;
  return sum(summary.profile as Plan | false);
}

/** The Cypher @neo4j/graphql ran for one GraphQL operation, with its parameters. */
export interface GeneratedCypher {
  cypher: string;
  params: Record<string, unknown>;
}

/**
 * Runs each operation once through an app whose driver records every statement @neo4j/graphql sends (the
 * same text `DEBUG=@neo4j/graphql:execution` prints, but with the parameters as the driver got them, so
 * the statement can be PROFILEd as it ran).
 */
export async function captureGeneratedCypher(
  driver: Driver,
  operations: BenchOperation[],
): Promise<Map<string, GeneratedCypher[]>> {
  // One GraphQL operation runs one statement per root field (Aggregates runs four).
  let statements: GeneratedCypher[] = [];
  const record = (cypher: string, params: Record<string, unknown>) => {
    statements.push({ cypher, params });
  };
  const app = await createApp({
    driver: recordingDriver(driver, record),
    database: "neo4j",
    api: loadConfig({}).api,
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.express.listen(0, "127.0.0.1", () => resolve(listening));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const captured = new Map<string, GeneratedCypher[]>();
  try {
    // The first request also runs what the library checks once (the server's version): not the operation's.
    const first = operations[0];
    if (first) await postGraphQL(url, first, first.variables(0)).catch(() => {});
    for (const operation of operations) {
      statements = [];
      try {
        await postGraphQL(url, operation, operation.variables(0));
      } catch {
        // Reported by the timing run; nothing to profile.
      }
      if (statements.length > 0) captured.set(operation.name, statements);
    }
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await app.stop();
  }
  return captured;
}

function recordingDriver(driver: Driver, record: (cypher: string, params: Record<string, unknown>) => void) {
  const wrapTransaction = (tx: ManagedTransaction) =>
    new Proxy(tx, {
      get(target, property) {
        if (property === "run") {
          return (cypher: string, params: Record<string, unknown> = {}) => {
            record(cypher, params);
            return target.run(cypher, params);
          };
        }
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  const wrapSession = (session: Session) =>
    new Proxy(session, {
      get(target, property) {
        // The app's runner (src/api/runner.ts) sends each statement as an auto-commit `run`.
        if (property === "run") {
          return (cypher: string, params: Record<string, unknown> = {}, config?: object) => {
            record(cypher, params);
            return target.run(cypher, params, config);
          };
        }
        if (property === "executeRead" || property === "executeWrite") {
          return (work: (tx: ManagedTransaction) => unknown, config?: object) =>
            target[property]((tx) => work(wrapTransaction(tx)), config);
        }
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return new Proxy(driver, {
    get(target, property) {
      if (property === "session") {
        return (config: Parameters<Driver["session"]>[0]) => wrapSession(target.session(config));
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
