// `npm run export -- --format gexf --out file [--node id --depth 2 | --theme id | --year 2022 | --query '{…}']
//  [--as-of 2022-06-15] [--source source:…]`
import { parseArgs } from "node:util";
import { graphql } from "graphql";
import { AutoCommitRunner } from "../api/runner.ts";
import { buildSchema } from "../api/schema.ts";
import { ConfigError, loadConfig } from "../config.ts";
import { openGraph } from "../neo4j-runtime/connect.ts";
import { RuntimeError } from "../neo4j-runtime/prerequisites.ts";
import { type ExportFormatName, exportFormats } from "./formats/index.ts";
import { resolveSelection } from "./http.ts";
import { loadGraph, SelectionError } from "./load.ts";
import { assertWritable, OutputError, writeOutput } from "./output.ts";
import { parseSelection, parseSelectors } from "./selection.ts";

const usage = `usage: npm run export -- --format <${Object.keys(exportFormats).join("|")}> [--out FILE]
       [--node ID [--depth N] | --theme ID | --year YYYY | --query GRAPHQL [--variables JSON]]
       [--as-of YYYY-MM-DD] [--source SOURCE-ID]
--as-of: the graph as it stood that day; --source: as that source tells it (both combine with a selection).
Without --out the export goes to standard output. csv writes a zip of nodes.csv and relationships.csv.`;

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      format: { type: "string" },
      out: { type: "string" },
      node: { type: "string" },
      depth: { type: "string" },
      theme: { type: "string" },
      year: { type: "string" },
      query: { type: "string" },
      variables: { type: "string" },
      "as-of": { type: "string" },
      source: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  if (!values.format || !Object.hasOwn(exportFormats, values.format)) {
    throw new SelectionError(
      `--format is ${values.format ? `unknown: ${values.format}` : "missing"}\n${usage}`,
    );
  }
  const format = exportFormats[values.format as ExportFormatName];
  const pending = parseSelection(values);
  const selectors = parseSelectors({ asOf: values["as-of"], source: values.source });
  const variables = parseVariables(values.variables);
  if (values.out) await assertWritable(values.out);
  const config = loadConfig();
  const { connection, driver, close } = await openGraph(config, (line) => console.error(line));
  // Read access and the API's transaction timeout, as the app runs the same export.
  const runner = new AutoCommitRunner(driver, connection.database, config.api.limits.timeoutMs, "READ");
  try {
    const selection = await resolveSelection(
      pending,
      async (query, variableValues) =>
        graphql({
          schema: await buildSchema(driver, config.api),
          source: query,
          variableValues,
          contextValue: { sessionConfig: { database: connection.database }, executionContext: runner },
        }),
      variables,
    );
    const graph = await loadGraph(runner, selection, selectors);
    const body = format.serialize(graph);
    if (values.out) {
      await writeOutput(values.out, body);
      console.error(
        `Wrote ${graph.nodes.length} nodes and ${graph.edges.length} relationships to ${values.out} (${format.title}).`,
      );
    } else {
      process.stdout.write(body);
    }
  } finally {
    await close();
  }
}

function parseVariables(json: string | undefined): Record<string, unknown> {
  if (json === undefined) return {};
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new SelectionError(`--variables is not valid JSON: ${(error as Error).message}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const known =
    error instanceof SelectionError ||
    error instanceof OutputError ||
    error instanceof ConfigError ||
    error instanceof RuntimeError;
  // An unknown or malformed option: say which, and how to call the command.
  const badOption = (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
  if (badOption) console.error(`${(error as Error).message}\n${usage}`);
  else console.error(known ? error.message : error);
  process.exit(1);
});
