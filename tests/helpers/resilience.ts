// What the resilience tests and the soak (bench/soak.ts) share: the real app as a child process (production
// settings, its output captured), hand-signed JWTs, leak detectors for error bodies, and the figures each
// run records for RELIABILITY.md (bench/soak-report.ts turns them into the report).
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { buildSchema as buildSchemaFromSdl, type GraphQLSchema } from "graphql";
import { buildSchema } from "../../src/api/schema.ts";
import { projectRoot } from "../../src/config.ts";
import type { Neo4jConnection } from "../../src/database.ts";
import { javaEnvironment } from "./java.ts";
import { freePort } from "./ports.ts";

/**
 * The environment variable the API reads its HS256 JWT secret from (docs/api.md), and the claim an editor
 * carries. The API engineer owns both; they are kept here, once, so the suite follows a rename in one line.
 */
export const jwtSecretVariable = "JWT_SECRET";
export const editorClaims = { roles: ["editor"] };
export const readerClaims = { roles: ["reader"] };

/**
 * A btech-graph process started with `node --import tsx src/app/main.ts`: the app `npm start` runs (which runs
 * it bundled by esbuild instead; tests/foundation/npm-start.int.test.ts runs that script itself), without a
 * bundle step that several files starting apps at once would share.
 */
export interface AppProcess {
  url: string;
  pid: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** True while the process runs. */
  alive(): boolean;
  /** SIGTERM, then SIGKILL after 10 s; resolves when it has exited. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash or the OOM killer would; resolves when it has exited. */
  kill(): Promise<void>;
}

/**
 * Starts the app against a given Neo4j (NEO4J_URI: nothing local is started, no seed import) on a free
 * loopback port, and waits until it says it is ready. With "local", the app starts its own Neo4j, as
 * `npm start` does: `env` then says where (NEO4J_HOME, NEO4J_BOLT_PORT, NEO4J_JARS…).
 */
export async function startApp(
  neo4j: Neo4jConnection | "local",
  env: Record<string, string> = {},
  { port, timeoutMs = 90_000 }: { port?: number; timeoutMs?: number } = {},
): Promise<AppProcess> {
  const listenPort = port ?? (await freePort());
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", path.join("src", "app", "main.ts")],
    {
      cwd: projectRoot,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ...javaEnvironment(),
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: String(listenPort),
        ...(neo4j === "local"
          ? {}
          : {
              NEO4J_URI: neo4j.uri,
              NEO4J_USERNAME: neo4j.username,
              NEO4J_PASSWORD: neo4j.password,
              NEO4J_DATABASE: neo4j.database,
            }),
        SEED_ON_EMPTY: "false",
        ...env,
      },
    },
  );
  let output = "";
  let exited = false;
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exit = new Promise<void>((resolve) => {
    child.on("exit", () => {
      exited = true;
      resolve();
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("node could not be started");

  const deadline = Date.now() + timeoutMs;
  while (!/btech-graph is ready after/.test(output)) {
    if (exited) throw new Error(`the app exited while starting:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the app was not ready within ${timeoutMs / 1000} s:\n${output}`);
    }
    await sleep(100);
  }

  const signal = async (name: NodeJS.Signals) => {
    if (exited) return;
    child.kill(name);
    if (name === "SIGTERM") {
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exit;
      clearTimeout(timer);
    } else {
      await exit;
    }
  };
  return {
    url: `http://127.0.0.1:${listenPort}`,
    pid,
    output: () => output,
    alive: () => !exited,
    stop: () => signal("SIGTERM"),
    kill: () => signal("SIGKILL"),
  };
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");

/** An HS256 JWT signed with `secret` (or an unsigned `alg: none` one), built by hand to forge bad ones. */
export function signJwt(
  claims: Record<string, unknown>,
  secret: string,
  { expiresInSeconds = 3600, alg = "HS256" }: { expiresInSeconds?: number; alg?: "HS256" | "none" } = {},
): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg, typ: "JWT" }));
  const payload = base64url(
    JSON.stringify({ sub: "resilience-test", iat: now, exp: now + expiresInSeconds, ...claims }),
  );
  if (alg === "none") return `${header}.${payload}.`;
  const signature = createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/** One HTTP exchange as the suite measures it. */
export interface Exchange {
  status: number;
  ms: number;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: assertions walk arbitrary GraphQL response shapes
  json: any;
}

/**
 * POSTs a raw body (a GraphQL request object, an array, or a string sent as is) and measures it. A request
 * that takes longer than `timeoutMs` rejects: the callers count that as a hung request.
 */
export async function exchange(
  url: string,
  body: unknown,
  { headers = {}, timeoutMs = 15_000, path: route = "/graphql" } = {} as {
    headers?: Record<string, string>;
    timeoutMs?: number;
    path?: string;
  },
): Promise<Exchange> {
  const started = performance.now();
  const response = await fetch(`${url}${route}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, ms, text, json };
}

/**
 * What must never reach a client: stack frames, Neo4j error codes and class names, the generated Cypher
 * (its `this0`/`var1` variables, APOC calls, subqueries) and Lucene's parser. Input the client sent itself is
 * removed first, since an error may rightly quote it.
 */
const leakPatterns: [string, RegExp][] = [
  ["stack frame", /\bat [\w.<>$]+ \(?[^\s)]*:\d+:\d+\)?/],
  ["stacktrace field", /"stacktrace"/i],
  ["Neo4j error code", /Neo\.(Client|Transient|Database)Error/],
  ["Neo4j class", /org\.neo4j|org\.apache\.lucene|java\.lang\./],
  ["generated Cypher variable", /\b(this|var)\d+\b/],
  ["Cypher subquery", /CALL\s*\{|apoc\.\w+|\bUNWIND\b|\bOPTIONAL MATCH\b/],
  ["Cypher clause", /\bMATCH \(this/],
];

/** The leaks found in a response body (empty when it is clean). */
export function leaks(text: string, sentPayloads: string[] = []): string[] {
  let cleaned = text;
  for (const payload of sentPayloads) {
    if (payload.length === 0) continue;
    cleaned = cleaned.split(payload).join("");
    cleaned = cleaned.split(JSON.stringify(payload).slice(1, -1)).join("");
  }
  return leakPatterns.filter(([, pattern]) => pattern.test(cleaned)).map(([name]) => name);
}

/** The first error message of a GraphQL response body, or "" when there is none. */
export function firstError(result: Exchange): string {
  const errors = result.json?.errors;
  return Array.isArray(errors) && typeof errors[0]?.message === "string" ? errors[0].message : "";
}

/** Percentile of a list of durations (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Where the test tier leaves its figures (git-ignored); bench/soak-report.ts reads them. */
export const resultsFolder = path.join(projectRoot, "tests", "resilience", "results");

/** Writes one test file's figures (requests sent, refused, errors, faults…) for the report. */
export async function recordFigures(name: string, figures: Record<string, unknown>): Promise<void> {
  await mkdir(resultsFolder, { recursive: true });
  await writeFile(
    path.join(resultsFolder, `${name}.json`),
    `${JSON.stringify({ recordedAt: new Date().toISOString(), ...figures }, null, 2)}\n`,
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The schema the server serves, rebuilt from its printed SDL in this module's realm: @neo4j/graphql loads
 * graphql's CommonJS build and this suite the ESM one, and graphql-js refuses to mix their type objects.
 */
export async function servedSchema(): Promise<GraphQLSchema> {
  const commonJsGraphql = createRequire(import.meta.url)("graphql") as typeof import("graphql");
  return buildSchemaFromSdl(commonJsGraphql.printSchema(await buildSchema()));
}

/** GraphQL error codes that mean "the client's request was refused", as opposed to a server failure. */
const clientErrorCodes = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_USER_INPUT",
  "BAD_REQUEST",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "OPERATION_RESOLUTION_FAILURE",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "LIMIT_EXCEEDED",
]);

/**
 * How a response ended: answered with data, refused as the client's fault (an HTTP 4xx, or a GraphQL error
 * with a client code), the graph database reported unavailable (503, SERVICE_UNAVAILABLE), the query stopped
 * by a server-side timeout (TIMEOUT naming GRAPHQL_TIMEOUT_MS or ANALYTICS_TIMEOUT_MS: docs/api.md), or a server error (any other 5xx, or
 * a masked INTERNAL_SERVER_ERROR).
 */
export type Outcome = "answered" | "refused" | "unavailable" | "timed-out" | "server-error";

export function classify(result: Exchange): Outcome {
  const errors: { message?: string; extensions?: { code?: string } }[] | undefined = result.json?.errors;
  const message = errors?.[0]?.message ?? "";
  const code = errors?.[0]?.extensions?.code;
  if (code === "TIMEOUT" && /GRAPHQL_TIMEOUT_MS|ANALYTICS_TIMEOUT_MS/.test(message)) return "timed-out";
  if (
    code === "SERVICE_UNAVAILABLE" ||
    /graph database unavailable/i.test(message) ||
    (result.status === 503 && /unavailable/i.test(result.text))
  ) {
    return "unavailable";
  }
  if (result.status >= 500) return "server-error";
  if (Array.isArray(errors) && errors.length > 0) {
    if (result.status >= 400 && result.status < 500) return "refused";
    return code && clientErrorCodes.has(code) ? "refused" : "server-error";
  }
  if (result.status >= 400) return "refused";
  return result.json?.data ? "answered" : "server-error";
}

/** Runs `task` over `items` with at most `concurrency` in flight, in order of start. */
export async function inPool<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
