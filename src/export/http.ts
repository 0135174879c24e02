import type { ApolloServer, BaseContext } from "@apollo/server";
import { type Request, type Response, Router } from "express";
import { type Driver, Neo4jError } from "neo4j-driver";
import { type ExportFormatName, exportFormats, isExportFormat } from "./formats/index.ts";
import { loadGraph, type Selection, SelectionError } from "./load.ts";
import { idsInResult, type PendingSelection, parseSelection, selectionSlug } from "./selection.ts";

/** Runs a read-only GraphQL query through the app's API (its limits and guards apply). */
export type GraphQLExecutor = (
  query: string,
  variables: Record<string, unknown>,
) => Promise<{ data?: unknown; errors?: readonly { message: string }[] }>;

export interface ExportRouterOptions<Context extends BaseContext> {
  driver: Driver;
  database: string;
  /** The app's Apollo server: a `query=` selection runs through it, so the API's limits and guards apply. */
  apollo: ApolloServer<Context>;
  /** The context of an anonymous (read-only) caller. */
  context: Context;
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
    throw new SelectionError(`the query failed: ${result.errors.map((error) => error.message).join("; ")}`);
  }
  return { kind: "ids", ids: idsInResult(result.data) };
}

/**
 * `GET /export/<format>?node=<id>&depth=<n> | theme=<id> | year=<yyyy> | query=<graphql>[&variables=<json>]`
 * (no selector: the whole graph); for `csv`, `part=nodes|relationships` gives one file instead of the zip.
 * See docs/explorer.md.
 */
export function exportRouter<Context extends BaseContext>({
  driver,
  database,
  apollo,
  context,
}: ExportRouterOptions<Context>): Router {
  const executeGraphQL: GraphQLExecutor = async (query, variables) => {
    const response = await apollo.executeOperation({ query, variables }, { contextValue: context });
    if (response.body.kind === "single") return response.body.singleResult;
    return {
      errors: [{ message: "incremental delivery (@defer, @stream) is not supported in a selection" }],
    };
  };
  const router = Router();
  router.get("/:format", async (req: Request<{ format: string }>, res: Response) => {
    try {
      const format = formatOf(req.params.format, single(req.query.part, "part"));
      const pending = parseSelection({
        node: single(req.query.node, "node"),
        depth: single(req.query.depth, "depth"),
        theme: single(req.query.theme, "theme"),
        year: single(req.query.year, "year"),
        query: single(req.query.query, "query"),
      });
      const selection = await resolveSelection(
        pending,
        executeGraphQL,
        variablesOf(single(req.query.variables, "variables")),
      );
      const graph = await loadGraph(driver, database, selection);
      const { contentType, extension, serialize } = exportFormats[format];
      const body = serialize(graph);
      res.setHeader("Content-Type", contentType);
      res.setHeader(
        "Content-Disposition",
        `attachment; filename="btech-graph-${selectionSlug(pending)}.${extension}"`,
      );
      res.send(typeof body === "string" ? body : Buffer.from(body));
    } catch (error) {
      if (error instanceof SelectionError) {
        res.status(error.message.startsWith("no ") ? 404 : 400).json({ error: error.message });
      } else if (error instanceof Neo4jError && error.code.startsWith("ServiceUnavailable")) {
        res.status(503).json({ error: "graph database unavailable: try again when Neo4j is back" });
      } else {
        console.error("export failed:", error);
        res.status(500).json({ error: "the export failed; the server log says why" });
      }
    }
  });
  return router;
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
