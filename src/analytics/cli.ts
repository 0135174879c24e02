// `npm run analytics -- <algorithm> [options]`: runs one algorithm on the graph and prints a ranked table
// (or --json), with progress on stderr. `npm run analytics -- --help` lists algorithms and options.
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config.ts";
import { openGraph } from "../neo4j-runtime/connect.ts";
import { RuntimeError } from "../neo4j-runtime/prerequisites.ts";
import {
  type AnalyticsNode,
  betweenness,
  bipartite,
  type CentralityResult,
  type CommunityResult,
  degree,
  louvain,
  nodeSimilarity,
  pageRank,
  type ShortestPathResult,
  type SimilarityResult,
  shortestPath,
  wcc,
} from "./algorithms.ts";
import { AnalyticsInputError, GdsMissingError, ProjectionTooLargeError } from "./errors.ts";
import type { AnalyticsTarget } from "./gds.ts";
import { type ProjectionRequest, presets } from "./projection.ts";
import { writeBack } from "./writeback.ts";

const usage = `Usage: npm run analytics -- <algorithm> [options]

Algorithms:
  degree | pagerank | betweenness       centrality, ranked
  louvain | wcc                         communities / connected components, largest first
  similarity                            node similarity (Jaccard), most alike first
  path --from ID --to ID                shortest path with the evidence of each link
  bipartite --preset company-theme      the links of a weighted bipartite projection
  write --properties pagerank,community write scores back onto the nodes (with the time of the run)

Projection (default: the ecosystem preset):
  --preset NAME              ${Object.keys(presets).join(", ")}
  --node-types A,B           node types of your own (with --relationship-types)
  --relationship-types R,S   relationship types of your own
  --orientation O            natural, reverse or undirected
  --weighted                 use link weights (degree, pagerank, louvain, similarity)

Options (each algorithm refuses the ones it does not know):
  --limit N  --types A,B (answer only these node types)  --damping-factor F  --max-iterations N
  --tolerance F  --sampling-size N  --max-levels N  --node ID (similarity: pairs with this node)
  --top-k N  --similarity-cutoff F  --degree-cutoff N  --json (print JSON instead of a table)

Examples:
  npm run analytics -- pagerank --types Theme --limit 5
  npm run analytics -- similarity --preset company-theme --node company:telefonica
  npm run analytics -- path --from organization:icrc --to company:cloudflare`;

const flags = {
  preset: { type: "string" },
  "node-types": { type: "string" },
  "relationship-types": { type: "string" },
  orientation: { type: "string" },
  weighted: { type: "boolean" },
  limit: { type: "string" },
  types: { type: "string" },
  "damping-factor": { type: "string" },
  "max-iterations": { type: "string" },
  tolerance: { type: "string" },
  "sampling-size": { type: "string" },
  "max-levels": { type: "string" },
  node: { type: "string" },
  "top-k": { type: "string" },
  "similarity-cutoff": { type: "string" },
  "degree-cutoff": { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  properties: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Flags that are algorithm options, by the option name the algorithms know. */
const optionFlags: Record<string, { name: string; kind: "number" | "list" | "string" }> = {
  limit: { name: "limit", kind: "number" },
  types: { name: "types", kind: "list" },
  "damping-factor": { name: "dampingFactor", kind: "number" },
  "max-iterations": { name: "maxIterations", kind: "number" },
  tolerance: { name: "tolerance", kind: "number" },
  "sampling-size": { name: "samplingSize", kind: "number" },
  "max-levels": { name: "maxLevels", kind: "number" },
  node: { name: "nodeId", kind: "string" },
  "top-k": { name: "topK", kind: "number" },
  "similarity-cutoff": { name: "similarityCutoff", kind: "number" },
  "degree-cutoff": { name: "degreeCutoff", kind: "number" },
  from: { name: "from", kind: "string" },
  to: { name: "to", kind: "string" },
};

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
  for (const [flag, { name, kind }] of Object.entries(optionFlags)) {
    const raw = values[flag as keyof typeof values];
    if (typeof raw !== "string") continue;
    if (kind === "number") {
      const number = Number(raw);
      if (!Number.isFinite(number))
        throw new AnalyticsInputError(`--${flag} must be a number, not "${raw}".`);
      options[name] = number;
    } else options[name] = kind === "list" ? list(raw) : raw;
  }
  const projection: ProjectionRequest = {
    preset: values.preset ?? null,
    nodeTypes: list(values["node-types"]) ?? null,
    relationshipTypes: list(values["relationship-types"]) ?? null,
    orientation: values.orientation ?? null,
    weighted: values.weighted ?? null,
  };
  return { values, positionals, options, projection };
}

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
};

// ── Running ─────────────────────────────────────────────────────────────────────────────────────────

async function run(target: AnalyticsTarget, algorithm: string, parsed: ReturnType<typeof parse>) {
  const { options, projection, values } = parsed;
  switch (algorithm) {
    case "degree":
      return { result: await degree(target, projection, options), print: printers.centrality };
    case "pagerank":
      return { result: await pageRank(target, projection, options), print: printers.centrality };
    case "betweenness":
      return { result: await betweenness(target, projection, options), print: printers.centrality };
    case "louvain":
      return { result: await louvain(target, projection, options), print: printers.communities };
    case "wcc":
      return { result: await wcc(target, projection, options), print: printers.communities };
    case "similarity":
      return { result: await nodeSimilarity(target, projection, options), print: printers.similarity };
    case "path":
      return { result: await shortestPath(target, projection, options), print: printers.path };
    case "bipartite": {
      const result = await bipartite(target, values.preset ?? "company-theme", options);
      return {
        result,
        print: () =>
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
    }
    case "write": {
      const result = await writeBack(
        target,
        projection,
        list(values.properties) ?? ["pagerank", "community"],
      );
      return {
        result,
        print: () =>
          `Wrote at ${result.ranAt} on ${result.projection}:\n${result.written.map((entry) => `  ${entry.property}: ${entry.nodes} nodes`).join("\n")}`,
      };
    }
    default:
      throw new AnalyticsInputError(`Unknown algorithm "${algorithm}".\n\n${usage}`);
  }
}

async function main(args: string[]): Promise<void> {
  const parsed = parse(args);
  const [algorithm, ...extra] = parsed.positionals;
  if (parsed.values.help || !algorithm) {
    console.log(usage);
    return;
  }
  if (extra.length > 0) throw new AnalyticsInputError(`Unexpected argument "${extra[0]}".\n\n${usage}`);
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
    // biome-ignore lint/suspicious/noExplicitAny: each printer takes its own algorithm's result
    console.log(parsed.values.json ? JSON.stringify(result, null, 2) : (print as (r: any) => string)(result));
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
