import type { RequestListener, Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import type { Driver } from "neo4j-driver";
import { afterAll, beforeAll } from "vitest";
import { createApp } from "../../src/app/app.ts";
import type { ApiSettings } from "../../src/config.ts";
import { sharedDriver, sharedNeo4j } from "./neo4j.ts";

/**
 * Serves an app on a free loopback port for the duration of a test file; `checkContinue` (the app's, see
 * `App`) answers requests that send `Expect: 100-continue` as `npm start` does.
 */
export async function serve(
  app: Express,
  checkContinue?: RequestListener,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  if (checkContinue) server.on("checkContinue", checkContinue);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The whole app on a free loopback port; `close` stops the HTTP server, then the app (not the driver). */
export interface ServedApp {
  url: string;
  close(): Promise<void>;
}

/** Builds the app on `driver` (the shared Neo4j's database unless told) and serves it, as `npm start` does. */
export async function serveApp(
  driver: Driver,
  api?: ApiSettings,
  database: string = sharedNeo4j().database,
): Promise<ServedApp> {
  const app = await createApp({ driver, database, ...(api ? { api } : {}) });
  const server = await serve(app.express, app.checkContinue);
  return {
    url: server.url,
    close: async () => {
      await server.close();
      await app.stop();
    },
  };
}

/** What {@link serveAppForSuite} needs besides the default development settings; every field is optional. */
export interface ServedAppOptions {
  /** The app's settings, or a function read after `before` (for settings known only then). */
  api?: ApiSettings | (() => ApiSettings);
  /** The database the app queries (the shared Neo4j's unless told). */
  database?: string;
  /** Runs before the app is built: seed, add probes, start what the settings point at. */
  before?: (driver: Driver) => Promise<void>;
  /** Runs after the tests while the app and the driver are still open: remove probes, stop helpers. */
  after?: (driver: Driver) => Promise<void>;
}

/**
 * Serves the app for the enclosing describe (or file) on a driver of its own to the shared Neo4j: registers
 * its own beforeAll/afterAll. The driver is usable at once; `url` only inside hooks and tests that run after
 * the fixture's beforeAll. A beforeAll the file registers after this call runs once the app is up, and its
 * afterAll before the app stops (vitest runs after-hooks in reverse, `sequence.hooks: "stack"`).
 */
export function serveAppForSuite(options: ServedAppOptions = {}): {
  readonly url: string;
  readonly driver: Driver;
} {
  const driver = sharedDriver();
  let served: ServedApp | undefined;
  beforeAll(async () => {
    await options.before?.(driver);
    const api = typeof options.api === "function" ? options.api() : options.api;
    served = await serveApp(driver, api, options.database);
  });
  afterAll(async () => {
    try {
      await options.after?.(driver);
    } finally {
      await served?.close();
      await driver.close();
    }
  });
  return {
    driver,
    get url() {
      if (!served)
        throw new Error("serveAppForSuite: the app is served only once the describe's beforeAll ran");
      return served.url;
    },
  };
}

/** A GraphQL response as tests read it: assertions walk its data freely. */
export interface GraphQLResponseBody {
  // biome-ignore lint/suspicious/noExplicitAny: tests assert on arbitrary response shapes
  data?: any;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** POSTs a GraphQL operation and returns the HTTP status, the headers and the parsed body. */
export async function postGraphQL(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as GraphQLResponseBody,
  };
}
