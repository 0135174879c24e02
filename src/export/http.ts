import { type ApolloServer, type BaseContext, HeaderMap } from "@apollo/server";
import { type Request, type Response, Router } from "express";
import type { ApiLimits } from "../config.ts";
import { errorBody, tokenLimitError } from "../limit-exceeded.ts";
import { type Neo4jFailure, neo4jFailure } from "../neo4j-failures.ts";
import { type ExportFormatName, exportFormats, isExportFormat } from "./formats/index.ts";
import { loadGraph, type Selection, SelectionError, type StatementRunner } from "./load.ts";
import {
  idsInResult,
  type PendingSelection,
  parseSelection,
  parseSelectors,
  selectionSlug,
} from "./selection.ts";

/** An error as the GraphQL API answers it: a message for people, a code and the limit for programs. */
export interface ApiError {
  message: string;
  extensions?: Record<string, unknown>;
}

/** Runs a read-only GraphQL query through the app's API (its limits and guards apply). */
export type GraphQLExecutor = (
  query: string,
  variables: Record<string, unknown>,
) => Promise<{ data?: unknown; errors?: readonly ApiError[]; status?: number }>;

/**
 * A `query=` selection the API refused (a limit, CSRF prevention) or failed to answer: the export answers
 * with the API's HTTP status and its errors, so that a client reads the same code and limit as from /graphql.
 */
export class QueryRefusedError extends SelectionError {
  constructor(
    readonly status: number,
    readonly errors: readonly ApiError[],
  ) {
    super(`the query failed: ${errors.map((error) => error.message).join("; ")}`);
  }
}

export interface ExportRouterOptions<Context extends BaseContext> {
  /** Runs the export's own statements: the app's read runner, under GRAPHQL_TIMEOUT_MS. */
  runner: StatementRunner;
  /** The app's Apollo server: a `query=` selection runs through it, so the API's limits and guards apply. */
  apollo: ApolloServer<Context>;
  /** The context of an anonymous (read-only) caller. */
  context: Context;
  /** The API's limits: the token limit is checked here, as /graphql checks it before Apollo. */
  limits: Pick<ApiLimits, "maxTokens" | "timeoutMs">;
}

/** Turns a selection that names a GraphQL query into the entity ids its result holds. */
export async function resolveSelection(
  pending: PendingSelection,
  execute: GraphQLExecutor,
  variables = {},
): Promise<Selection> {
  if (pending.kind !== "graphql") return pending;
  const result = await execute(pending.query, variables);
  if (result.errors?.length) {
    throw new QueryRefusedError(Math.max(result.status ?? 400, 400), result.errors);
  }
  return { kind: "ids", ids: idsInResult(result.data) };
}

/**
 * The headers Apollo's CSRF prevention reads: a `query=` export is a GET /graphql in all but name, so it is
 * refused, like one, unless the request could not have been sent by a plain link or form of another site.
 * Only these are passed on: the download's own Accept (a GEXF file, say) is not what the inner query answers.
 */
const csrfHeaders = ["content-type", "apollo-require-preflight", "x-apollo-operation-name"];

/**
 * `GET /export/<format>?node=<id>&depth=<n> | theme=<id> | year=<yyyy> | query=<graphql>[&variables=<json>]`
 * (no selector: the whole graph), each combinable with `asOf=<YYYY-MM-DD>` and `source=<source id>`; for
 * `csv`, `part=nodes|relationships` gives one file instead of the zip.
 * A `query=` goes through the same token limit, CSRF prevention, operation limits and timeout as /graphql.
 * See docs/explorer.md.
 */
export function exportRouter<Context extends BaseContext>({
  runner,
  apollo,
  context,
  limits,
}: ExportRouterOptions<Context>): Router {
  const executeFor =
    (req: Request): GraphQLExecutor =>
    async (query, variables) => {
      const headers = new HeaderMap();
      for (const name of csrfHeaders) {
        const value = req.headers[name];
        if (typeof value === "string") headers.set(name, value);
      }
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: "GET",
          headers,
          search: new URLSearchParams({ query, variables: JSON.stringify(variables) }).toString(),
          body: undefined,
        },
        context: async () => context,
      });
      if (response.body.kind !== "complete") {
        return {
          errors: [{ message: "incremental delivery (@defer, @stream) is not supported in a selection" }],
        };
      }
      return { ...JSON.parse(response.body.string), status: response.status };
    };
  const router = Router();
  router.get("/:format", async (req: Request<{ format: string }>, res: Response) => {
    try {
      const format = formatOf(req.params.format, single(req.query.part, "part"));
      const query = single(req.query.query, "query");
      const tooLong = query === undefined ? undefined : tokenLimitError(query, limits.maxTokens);
      if (tooLong) throw new QueryRefusedError(400, errorBody(tooLong).errors);
      const pending = parseSelection({
        node: single(req.query.node, "node"),
        depth: single(req.query.depth, "depth"),
        theme: single(req.query.theme, "theme"),
        year: single(req.query.year, "year"),
        query,
      });
      const selectors = parseSelectors({
        asOf: single(req.query.asOf, "asOf"),
        source: single(req.query.source, "source"),
      });
      const selection = await resolveSelection(
        pending,
        executeFor(req),
        variablesOf(single(req.query.variables, "variables")),
      );
      const graph = await loadGraph(runner, selection, selectors);
      const { contentType, extension, serialize } = exportFormats[format];
      const body = serialize(graph);
      res.setHeader("Content-Type", contentType);
      res.setHeader(
        "Content-Disposition",
        `attachment; filename="btech-graph-${selectionSlug(pending, selectors)}.${extension}"`,
      );
      res.send(typeof body === "string" ? body : Buffer.from(body));
    } catch (error) {
      if (error instanceof QueryRefusedError) {
        res.status(error.status).json({ error: error.message, errors: error.errors });
      } else if (error instanceof SelectionError) {
        res.status(error.message.startsWith("no ") ? 404 : 400).json({ error: error.message });
      } else if (neo4jFailure(error)) {
        const failure = neo4jFailure(error) as Neo4jFailure;
        const { message, extensions } = failureAnswer(failure, limits.timeoutMs);
        res.status(failure.status).json({ error: message, errors: [{ message, extensions }] });
      } else {
        console.error("export failed:", error);
        res.status(500).json({ error: "the export failed; the server log says why" });
      }
    }
  });
  return router;
}

/** The sentence and extensions of an export that Neo4j failed, with the code and status /graphql gives. */
function failureAnswer(failure: Neo4jFailure, timeoutMs: number): ApiError & { extensions: object } {
  switch (failure.kind) {
    case "unavailable":
      return {
        message: "graph database unavailable: try again when Neo4j is back",
        extensions: { code: failure.code },
      };
    case "timeout":
      return {
        message: `the export ran longer than ${timeoutMs} ms and was stopped (GRAPHQL_TIMEOUT_MS): choose a smaller selection`,
        extensions: { code: failure.code, limit: "GRAPHQL_TIMEOUT_MS", maximum: timeoutMs },
      };
    case "conflict":
      return {
        message: "the export met a write to the same records and Neo4j stopped it: try again",
        extensions: { code: failure.code, retryAfterSeconds: 1 },
      };
    case "memory":
      return {
        message:
          "the export needed more memory than Neo4j lets one transaction use (a share of NEO4J_HEAP) and was stopped: choose a smaller selection",
        extensions: { code: failure.code, limit: "NEO4J_HEAP" },
      };
  }
}

function formatOf(name: string, part: string | undefined): ExportFormatName {
  if (!isExportFormat(name) || name === "csv-nodes" || name === "csv-relationships") {
    throw new SelectionError(
      `unknown export format ${JSON.stringify(name)}: use one of cytoscape, gexf, graphml, d3, csv`,
    );
  }
  if (part === undefined) return name;
  if (name !== "csv") throw new SelectionError("part applies to csv only");
  if (part === "nodes") return "csv-nodes";
  if (part === "relationships") return "csv-relationships";
  throw new SelectionError(`part must be nodes or relationships, not ${JSON.stringify(part)}`);
}

function single(value: unknown, name: string): string | undefined {
  if (value === undefined || typeof value === "string") return value;
  throw new SelectionError(`give ${name} once, as text`);
}

function variablesOf(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // falls through to the error below
  }
  throw new SelectionError("variables must be a JSON object");
}
