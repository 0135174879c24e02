// `npm run analytics -- <algorithm> [options]`: runs one algorithm on the graph and prints a ranked table
// (or --json), with progress on stderr. `npm run analytics -- --help` lists algorithms and options.
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config.ts";
import { openGraph } from "../neo4j-runtime/connect.ts";
import { RuntimeError } from "../neo4j-runtime/prerequisites.ts";
import {
  type AnalyticsNode,
  type BipartiteResult,
  bipartite,
  type CentralityResult,
  type CommunityResult,
  projectionAlgorithms,
  type ShortestPathResult,
  type SimilarityResult,
} from "./algorithms.ts";
import { AnalyticsInputError, GdsMissingError, ProjectionTooLargeError } from "./errors.ts";
import type { AnalyticsTarget } from "./gds.ts";
import { type ProjectionRequest, presets } from "./projection.ts";
import {
  type AlgorithmName,
  type AlgorithmSpec,
  algorithmNames,
  algorithms,
  type OptionSpec,
} from "./registry.ts";
import { writeBack } from "./writeback.ts";

/** `--kebab-case` flag of an option or projection setting named in camelCase. */
const flagOf = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

const placeholder: Record<OptionSpec["kind"], string> = {
  int: "N",
  float: "F",
  id: "ID",
  types: "A,B",
  date: "YYYY-MM-DD",
  source: "ID",
};

/** Each algorithm's line of --help, derived from the registry: its options with their defaults. */
const algorithmHelp = algorithmNames
  .map((name) => {
    const spec: AlgorithmSpec = algorithms[name];
    const options = Object.entries(spec.options).map(
      ([option, details]) =>
        `--${flagOf(option)} ${placeholder[details.kind]}${"default" in details ? ` (${details.default})` : ""}`,
    );
    const preset = spec.runsOn === "bipartitePreset" ? ["--preset NAME"] : [];
    return `  ${name}: ${spec.summary}\n      ${[...preset, ...options].join("  ") || "no options"}`;
  })
  .join("\n");

const usage = `Usage: npm run analytics -- <algorithm> [options]

Algorithms, with their options (each refuses the ones it does not know):
${algorithmHelp}
  write --properties pagerank,community
      write scores back onto the nodes (with the time of the run)

Projection (default: the ecosystem preset):
  --preset NAME              ${Object.keys(presets).join(", ")}
  --node-types A,B           node types of your own (with --relationship-types)
  --relationship-types R,S   relationship types of your own
  --orientation O            natural, reverse or undirected
  --weighted                 use link weights (degreeCentrality, pageRank, louvainCommunities, nodeSimilarity)

  --json                     print JSON instead of a table

Examples:
  npm run analytics -- pageRank --types Theme --limit 5
  npm run analytics -- nodeSimilarity --preset company-theme --node-id company:telefonica
  npm run analytics -- shortestPath --from organization:icrc --to company:cloudflare`;

/** Every algorithm option's flag, by the option it sets; options of the same name share one flag. */
const optionFlags = new Map<string, { option: string; kind: OptionSpec["kind"] }>(
  algorithmNames.flatMap((name) =>
    Object.entries(algorithms[name].options as Record<string, OptionSpec>).map(
      ([option, details]) => [flagOf(option), { option, kind: details.kind }] as const,
    ),
  ),
);

const flags = {
  preset: { type: "string" },
  "node-types": { type: "string" },
  "relationship-types": { type: "string" },
  orientation: { type: "string" },
  weighted: { type: "boolean" },
  properties: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  ...Object.fromEntries([...optionFlags.keys()].map((flag) => [flag, { type: "string" } as const])),
} as const;

const list = (value: string | undefined) =>
  value === undefined
    ? undefined
    : value
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean);

function parse(args: string[]) {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof flags; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args, options: flags, allowPositionals: true, strict: true });
  } catch (error) {
    throw new AnalyticsInputError(`${(error as Error).message}\n\n${usage}`);
  }
  const { values, positionals } = parsed;
  const options: Record<string, unknown> = {};
  for (const [flag, { option, kind }] of optionFlags) {
    const raw = (values as Record<string, unknown>)[flag];
    if (typeof raw !== "string") continue;
    if (kind === "int" || kind === "float") {
      const number = Number(raw);
      if (raw.trim() === "" || !Number.isFinite(number))
        throw new AnalyticsInputError(`--${flag} must be a number, not "${raw}".`);
      options[option] = number;
    } else options[option] = kind === "types" ? list(raw) : raw;
  }
  const projection: ProjectionRequest = {
    preset: stringFlag(values.preset) ?? null,
    nodeTypes: list(stringFlag(values["node-types"])) ?? null,
    relationshipTypes: list(stringFlag(values["relationship-types"])) ?? null,
    orientation: stringFlag(values.orientation) ?? null,
    weighted: values.weighted === true ? true : null,
  };
  return { values, positionals, options, projection };
}

const stringFlag = (value: unknown) => (typeof value === "string" ? value : undefined);

// ── Printing ────────────────────────────────────────────────────────────────────────────────────────

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map(String))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? "").length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  return [
    line(cells[0] ?? []),
    widths.map((width) => "-".repeat(width)).join("  "),
    ...cells.slice(1).map(line),
  ].join("\n");
}

const label = (node: AnalyticsNode) => `${node.name} (${node.id})`;
const round = (value: number) => Number(value.toPrecision(6)).toString();

function header(result: {
  algorithm: string;
  projection: { description: string; nodeCount: number; relationshipCount: number };
  millis: number;
}) {
  const { projection } = result;
  return `${result.algorithm} on ${projection.description}: ${projection.nodeCount} nodes, ${projection.relationshipCount} relationships, ${result.millis} ms\n`;
}

const printers = {
  centrality: (result: CentralityResult) =>
    `${header(result)}\n${table(
      ["rank", "score", "type", "id", "name"],
      result.scores.map((entry) => [
        entry.rank,
        round(entry.score),
        entry.node.type,
        entry.node.id,
        entry.node.name,
      ]),
    )}\n(${result.scores.length} of ${result.total})`,
  communities: (result: CommunityResult) =>
    `${header(result)}${result.communityCount} communities${result.modularity == null ? "" : `, modularity ${round(result.modularity)}`}\n\n${table(
      ["id", "size", "members"],
      result.communities.map((community) => [
        community.id,
        community.size,
        community.members.map((member) => member.name).join(", "),
      ]),
    )}`,
  similarity: (result: SimilarityResult) =>
    `${header(result)}\n${table(
      ["similarity", "node 1", "node 2"],
      result.pairs.map((pair) => [round(pair.similarity), label(pair.node1), label(pair.node2)]),
    )}`,
  path: (result: ShortestPathResult) => {
    if (!result.found) return `${header(result)}\nNo path joins the two nodes in this projection.`;
    const lines = result.steps.flatMap((step, index) => [
      `${index + 1}. ${label(step.from)} — ${label(step.to)}`,
      ...step.evidence.flatMap((evidence) => [
        `   ${evidence.forward ? "" : "(reverse) "}${evidence.relationshipType} ${evidence.basis ?? ""}  ${evidence.factId ?? "(no fact id)"}`,
        ...evidence.citations.map(
          (citation) =>
            `     ${citation.basis} in ${citation.sourceTitle}, ${citation.section}: "${citation.quote}"${citation.reason ? ` (${citation.reason})` : ""}`,
        ),
      ]),
    ]);
    return `${header(result)}\nLength ${result.length}: ${result.nodes.map((node) => node.name).join(" → ")}\n\n${lines.join("\n")}`;
  },
  bipartite: (result: BipartiteResult) =>
    `${header(result)}\n${table(
      ["weight", "source", "target", "via"],
      result.links.map((link) => [
        link.weight,
        label(link.source),
        label(link.target),
        link.via.map((node) => node.id).join(", "),
      ]),
    )}`,
};

// ── Running ─────────────────────────────────────────────────────────────────────────────────────────

type Parsed = ReturnType<typeof parse>;
type Run = { result: object; print: (result: never) => string };

/** How the command line prints each algorithm's result, by the algorithm's name. */
const printerOf: Record<AlgorithmName, (result: never) => string> = {
  degreeCentrality: printers.centrality,
  pageRank: printers.centrality,
  betweennessCentrality: printers.centrality,
  louvainCommunities: printers.communities,
  connectedComponents: printers.communities,
  nodeSimilarity: printers.similarity,
  shortestPath: printers.path,
  bipartiteProjection: printers.bipartite,
};

async function run(target: AnalyticsTarget, command: string, parsed: Parsed): Promise<Run> {
  if (command === "write") {
    const properties = list(stringFlag(parsed.values.properties)) ?? ["pagerank", "community"];
    const result = await writeBack(target, parsed.projection, properties);
    return {
      result,
      print: () =>
        `Wrote at ${result.ranAt} on ${result.projection}:\n${result.written.map((entry) => `  ${entry.property}: ${entry.nodes} nodes`).join("\n")}`,
    };
  }
  const algorithm = command as AlgorithmName;
  const { projection, options, values } = parsed;
  const result =
    algorithm === "bipartiteProjection"
      ? await bipartite(target, stringFlag(values.preset) ?? "company-theme", options)
      : await projectionAlgorithms[algorithm](target, projection, options);
  return { result, print: printerOf[algorithm] };
}

async function main(args: string[]): Promise<void> {
  const parsed = parse(args);
  const [algorithm, ...extra] = parsed.positionals;
  if (parsed.values.help || !algorithm) {
    console.log(usage);
    return;
  }
  if (extra.length > 0) throw new AnalyticsInputError(`Unexpected argument "${extra[0]}".\n\n${usage}`);
  // Refused before the database is opened (or the local Neo4j started) for nothing.
  if (algorithm !== "write" && !Object.hasOwn(algorithms, algorithm)) {
    throw new AnalyticsInputError(
      `Unknown algorithm "${algorithm}": choose one of ${algorithmNames.join(", ")}, or write.\n\n${usage}`,
    );
  }
  const config = loadConfig();
  const { connection, driver, close } = await openGraph(config, (line) => console.error(line));
  try {
    const target: AnalyticsTarget = {
      driver,
      database: connection.database,
      limits: config.analytics,
      onProgress: (line) => console.error(line),
    };
    const { result, print } = await run(target, algorithm, parsed);
    // Each algorithm's result goes to that algorithm's printer.
    console.log(parsed.values.json ? JSON.stringify(result, null, 2) : print(result as never));
  } finally {
    await close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const known =
    error instanceof AnalyticsInputError ||
    error instanceof ProjectionTooLargeError ||
    error instanceof GdsMissingError ||
    error instanceof ConfigError ||
    error instanceof RuntimeError;
  console.error(known ? (error as Error).message : error);
  process.exit(1);
});
