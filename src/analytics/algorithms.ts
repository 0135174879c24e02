// The algorithms, each over a projection the caller chooses, each answering plain objects that carry the
// nodes (type, id, name) with their score, community or similarity. GraphQL and the command line both call
// these functions, so both validate options the same way and give the same answers.

import neo4j from "neo4j-driver";
import {
  analyticsStatements,
  fillPlaceholders,
  idPattern,
  modelTypeNames,
  withoutSelectors,
} from "../model/index.ts";
import { type Selectors, selectorParameters } from "../selectors.ts";
import { AnalyticsInputError, quoted } from "./errors.ts";
import { type AnalyticsTarget, assertSource, type ProjectedGraph, withProjection } from "./gds.ts";
import {
  type BipartitePreset,
  bipartitePaths,
  describeProjection,
  type Projection,
  type ProjectionRequest,
  presets,
  resolveProjection,
} from "./projection.ts";
import { type AlgorithmName, type ProjectionAlgorithm, parseOptions } from "./registry.ts";

/** A node of the graph as analytics answers name it. */
export interface AnalyticsNode {
  /** The node's type in the model: Company, Theme, Event… */
  type: string;
  id: string;
  name: string;
}

/** What was projected, so an answer says what it is an answer about. */
export interface ProjectionSummary {
  description: string;
  preset: string | null;
  nodeTypes: string[];
  relationshipTypes: string[];
  orientation: string;
  weighted: boolean;
  /** The day the graph was taken as it stood on (selector asOf), or null. */
  asOf: string | null;
  /** The source whose citations the graph was narrowed to (selector source), or null. */
  source: string | null;
  nodeCount: number;
  relationshipCount: number;
}

interface RunInfo {
  algorithm: string;
  projection: ProjectionSummary;
  /** When the run started (ISO 8601). */
  ranAt: string;
  millis: number;
}

export interface NodeScore {
  /** 1 for the highest score; ties are ordered by id. */
  rank: number;
  node: AnalyticsNode;
  score: number;
}

export interface CentralityResult extends RunInfo {
  /** How many nodes of the asked types got a score, before `limit`. */
  total: number;
  scores: NodeScore[];
}

export interface Community {
  /** 1 for the largest community; numbering is by size, then by the smallest member id. */
  id: number;
  size: number;
  members: AnalyticsNode[];
}

export interface CommunityResult extends RunInfo {
  communityCount: number;
  /** Louvain's modularity of the final partition; null for connected components. */
  modularity: number | null;
  communities: Community[];
}

export interface SimilarityPair {
  node1: AnalyticsNode;
  node2: AnalyticsNode;
  /** Jaccard similarity of the two nodes' neighbourhoods (weighted Jaccard on a weighted projection). */
  similarity: number;
}

export interface SimilarityResult extends RunInfo {
  pairs: SimilarityPair[];
}

/** Where a link of a path comes from: the stored relationship, its fact and that fact's citations. */
export interface PathEvidence {
  relationshipType: string;
  /** True when the relationship is stored from the step's first node to its second. */
  forward: boolean;
  factId: string | null;
  basis: string | null;
  citations: Citation[];
}

export interface Citation {
  sourceId: string;
  sourceTitle: string;
  section: string;
  quote: string;
  basis: string;
  reason: string | null;
}

export interface PathStep {
  from: AnalyticsNode;
  to: AnalyticsNode;
  evidence: PathEvidence[];
}

export interface ShortestPathResult extends RunInfo {
  found: boolean;
  /** Number of links; null when no path joins the two nodes in this projection. */
  length: number | null;
  nodes: AnalyticsNode[];
  steps: PathStep[];
}

export interface BipartiteLink {
  source: AnalyticsNode;
  target: AnalyticsNode;
  weight: number;
  /** The middle nodes (events) that make the link, whose number is the weight. */
  via: AnalyticsNode[];
}

export interface BipartiteResult extends RunInfo {
  links: BipartiteLink[];
}

// ── Options ──────────────────────────────────────────────────────────────────────────────────────────

function checkResultTypes(types: string[] | undefined): string[] | null {
  if (!types) return null;
  const { nodeTypes } = modelTypeNames();
  const unknown = types.filter((type) => !nodeTypes.includes(type));
  if (unknown.length > 0) {
    throw new AnalyticsInputError(
      `Unknown node type${unknown.length > 1 ? "s" : ""} ${unknown.map(quoted).join(", ")} in types: choose from ${nodeTypes.join(", ")}.`,
    );
  }
  return types;
}

/** The selectors among an algorithm's validated options (absent: null). */
function selectorsOf(options: { asOf?: string | undefined; source?: string | undefined }): Selectors {
  return { asOf: options.asOf ?? null, source: options.source ?? null };
}

// ── Shared plumbing ─────────────────────────────────────────────────────────────────────────────────

function summary(graph: ProjectedGraph): ProjectionSummary {
  const { projection } = graph;
  return {
    description: describeProjection(projection),
    preset: projection.preset,
    nodeTypes: [...projection.nodeTypes],
    relationshipTypes: [...projection.relationshipTypes],
    orientation: projection.orientation,
    weighted: projection.weighted,
    asOf: projection.asOf,
    source: projection.source,
    nodeCount: graph.nodeCount,
    relationshipCount: graph.relationshipCount,
  };
}

/** Projects, runs `work`, drops, and stamps the answer with what ran on what, when and how long. */
async function runOn<T>(
  target: AnalyticsTarget,
  algorithm: AlgorithmName,
  projection: Projection,
  work: (graph: ProjectedGraph) => Promise<T>,
): Promise<T & RunInfo> {
  const started = Date.now();
  return withProjection(target, projection, async (graph) => {
    const result = await work(graph);
    return {
      ...result,
      algorithm,
      projection: summary(graph),
      ranAt: new Date(started).toISOString(),
      millis: Date.now() - started,
    };
  });
}

/** The Cypher that asks GDS how much heap `procedure` needs on the request's projection with its config. */
const estimateOf = (procedure: string) => fillPlaceholders(analyticsStatements.estimate, { procedure });

const weightConfig = (projection: Projection) =>
  projection.weighted ? { relationshipWeightProperty: "weight" } : {};

async function centrality(
  target: AnalyticsTarget,
  algorithm: AlgorithmName,
  procedure: string,
  projectionRequest: ProjectionRequest | undefined,
  config: (projection: Projection) => Record<string, unknown>,
  options: {
    limit: number;
    types?: string[] | undefined;
    asOf?: string | undefined;
    source?: string | undefined;
  },
): Promise<CentralityResult> {
  const projection = resolveProjection(projectionRequest, selectorsOf(options));
  const types = checkResultTypes(options.types);
  return runOn(target, algorithm, projection, async (graph) => {
    const [row] = await graph.runAlgorithm(
      algorithm,
      fillPlaceholders(analyticsStatements.centrality, { procedure }),
      {
        graphName: graph.name,
        config: config(projection),
        types,
        limit: options.limit,
      },
      estimateOf(procedure),
    );
    const rows = (row?.rows ?? []) as { node: AnalyticsNode; score: number }[];
    return {
      total: Number(row?.total ?? 0),
      scores: rows.map((entry, index) => ({ rank: index + 1, node: entry.node, score: entry.score })),
    };
  });
}

// ── Centrality ──────────────────────────────────────────────────────────────────────────────────────

/** Degree centrality: each node's number of links (their total weight on a weighted projection). */
export async function degree(
  target: AnalyticsTarget,
  projection?: ProjectionRequest,
  options?: Record<string, unknown>,
): Promise<CentralityResult> {
  const parsed = parseOptions("degreeCentrality", options);
  return centrality(target, "degreeCentrality", "gds.degree.stream", projection, weightConfig, parsed);
}

/** PageRank: a node is central when central nodes link to it. */
export async function pageRank(
  target: AnalyticsTarget,
  projection?: ProjectionRequest,
  options?: Record<string, unknown>,
): Promise<CentralityResult> {
  const { dampingFactor, maxIterations, tolerance, ...rest } = parseOptions("pageRank", options);
  return centrality(
    target,
    "pageRank",
    "gds.pageRank.stream",
    projection,
    (p) => ({ dampingFactor, maxIterations, tolerance, ...weightConfig(p) }),
    rest,
  );
}

/**
 * Betweenness centrality: how many shortest paths between other nodes pass through a node. Counts hops:
 * link weights measure strength, not distance, so they are not used here. On an undirected projection each
 * pair of nodes counts once (Brandes' definition).
 */
export async function betweenness(
  target: AnalyticsTarget,
  projection?: ProjectionRequest,
  options?: Record<string, unknown>,
): Promise<CentralityResult> {
  const { samplingSize, ...rest } = parseOptions("betweennessCentrality", options);
  return centrality(
    target,
    "betweennessCentrality",
    "gds.betweenness.stream",
    projection,
    () => (samplingSize ? { samplingSize, samplingSeed: 42 } : {}),
    rest,
  );
}

// ── Communities ─────────────────────────────────────────────────────────────────────────────────────

async function communities(
  graph: ProjectedGraph,
  label: string,
  procedure: string,
  mutateCall: string,
  config: Record<string, unknown>,
): Promise<{ communityCount: number; modularity: number | null; communities: Community[] }> {
  // Mutate, then stream the property: the partition and its modularity come from the same run.
  const [stats] = await graph.runAlgorithm(
    label,
    mutateCall,
    { graphName: graph.name, config },
    estimateOf(procedure),
  );
  const rows = (await graph.run(analyticsStatements.communities, { graphName: graph.name })) as {
    members: AnalyticsNode[];
  }[];
  return {
    communityCount: rows.length,
    modularity: stats?.modularity == null ? null : Number(stats.modularity),
    communities: rows.map((row, index) => ({
      id: index + 1,
      size: row.members.length,
      members: row.members,
    })),
  };
}

/** Louvain: the partition into communities that (greedily) maximises modularity. */
export async function louvain(
  target: AnalyticsTarget,
  projection?: ProjectionRequest,
  options?: Record<string, unknown>,
): Promise<CommunityResult> {
  const { asOf, source, ...parsed } = parseOptions("louvainCommunities", options);
  const resolved = resolveProjection(projection, selectorsOf({ asOf, source }));
  return runOn(target, "louvainCommunities", resolved, (graph) =>
    communities(graph, "louvainCommunities", "gds.louvain.mutate", analyticsStatements.louvain, {
      ...parsed,
      ...weightConfig(resolved),
      mutateProperty: "community",
    }),
  );
}

/** Weakly connected components: the groups of nodes that some path joins, ignoring direction. */
export async function wcc(
  target: AnalyticsTarget,
  projection?: ProjectionRequest,
  options?: Record<string, unknown>,
): Promise<CommunityResult> {
  const selectors = selectorsOf(parseOptions("connectedComponents", options));
  return runOn(target, "connectedComponents", resolveProjection(projection, selectors), (graph) =>
    communities(graph, "connectedComponents", "gds.wcc.mutate", analyticsStatements.wcc, {
      mutateProperty: "community",
    }),
  );
}

// ── Similarity ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Node similarity (Jaccard): two nodes are alike when they link to the same nodes. On a NATURAL projection
 * only outgoing links count (companies compared by their themes); each pair is answered once.
 */
export async function nodeSimilarity(
  target: AnalyticsTarget,
  projection?: ProjectionRequest,
  options?: Record<string, unknown>,
): Promise<SimilarityResult> {
  const {
    limit: max,
    nodeId,
    topK,
    similarityCutoff,
    degreeCutoff,
    ...selectors
  } = parseOptions("nodeSimilarity", options);
  const resolved = resolveProjection(projection, selectorsOf(selectors));
  if (nodeId != null) await checkIds(target, resolved, { nodeId });
  return runOn(target, "nodeSimilarity", resolved, async (graph) => {
    const rows = await graph.runAlgorithm(
      "nodeSimilarity",
      analyticsStatements.similarity,
      {
        graphName: graph.name,
        config: {
          topK,
          similarityCutoff: similarityCutoff === 0 ? 1e-42 : similarityCutoff,
          degreeCutoff,
          ...weightConfig(resolved),
        },
        nodeId: nodeId ?? null,
        limit: max,
      },
      estimateOf("gds.nodeSimilarity.stream"),
    );
    return { pairs: rows as unknown as SimilarityPair[] };
  });
}

// ── Paths ───────────────────────────────────────────────────────────────────────────────────────────

/** A length no real id comes near; the shape of an id is the model's `idPattern`. */
const maxIdLength = 200;

/**
 * Checks each id argument before any GDS work: its shape first (so hostile text never reaches the
 * database), then the projection's source, then one indexed lookup that it names an entity of a type the
 * projection holds and that its selectors keep. Each refusal names the argument, e.g. `nodeId "x" is not a
 * valid id`.
 */
async function checkIds(
  target: AnalyticsTarget,
  projection: Projection,
  ids: Record<string, string>,
): Promise<void> {
  const example =
    "ids look like company:telefonica (a type, a colon, then lowercase letters, digits and hyphens)";
  for (const [argument, id] of Object.entries(ids)) {
    if (id.length > maxIdLength) {
      throw new AnalyticsInputError(
        `${argument} is not a valid id: it has ${id.length} characters, more than the ${maxIdLength} an id may have; ${example}.`,
      );
    }
    if (!idPattern.test(id)) {
      throw new AnalyticsInputError(`${argument} "${id}" is not a valid id: ${example}.`);
    }
  }
  await assertSource(target, projection.source);
  const { records } = await target.driver.executeQuery(
    projection.asOf !== null || projection.source !== null
      ? analyticsStatements["entity-types"]
      : withoutSelectors(analyticsStatements["entity-types"]),
    { ids: Object.values(ids), ...selectorParameters(projection) },
    {
      database: target.database,
      routing: neo4j.routing.READ,
      transactionConfig: { timeout: target.limits.timeoutMs },
    },
  );
  const typeOf = new Map(
    records.map((record) => [record.get("id") as string, record.get("type") as string | null]),
  );
  const selected = new Map(
    records.map((record) => [record.get("id") as string, record.get("selected") === true]),
  );
  for (const [argument, id] of Object.entries(ids)) {
    const type = typeOf.get(id);
    if (type == null) {
      throw new AnalyticsInputError(
        `${argument} "${id}" is not an id in the graph: no entity has it (check the spelling, or find the id with the API's search).`,
      );
    }
    if (!projection.nodeTypes.includes(type)) {
      throw new AnalyticsInputError(
        `${argument} "${id}" is a ${type}, which this projection leaves out (it holds ${projection.nodeTypes.join(", ")}): choose a projection that includes ${type}.`,
      );
    }
    if (!selected.get(id)) {
      const selectors = [
        projection.asOf ? `as of ${projection.asOf}` : "",
        projection.source ? `as ${projection.source} tells it` : "",
      ].filter(Boolean);
      throw new AnalyticsInputError(
        `${argument} "${id}" is not in the graph ${selectors.join(" and ")}: choose another id, or other selectors.`,
      );
    }
  }
}

/**
 * The shortest path (fewest links) between two nodes by id, with the evidence of every link: the stored
 * relationship, the Fact node its factId names, and that fact's citations. Needs a projection of stored
 * relationships (a preset such as ecosystem, or types of your own), not a derived bipartite one.
 */
export async function shortestPath(
  target: AnalyticsTarget,
  projection: ProjectionRequest | undefined,
  options: Record<string, unknown>,
): Promise<ShortestPathResult> {
  const { from, to, ...selectors } = parseOptions("shortestPath", options);
  const resolved = resolveProjection(projection, selectorsOf(selectors));
  if (resolved.kind !== "types") {
    throw new AnalyticsInputError(
      `Shortest paths need a projection of stored relationships, whose links have evidence; "${resolved.preset}" derives its links. Use the ecosystem or participation preset, or node and relationship types of your own.`,
    );
  }
  await checkIds(target, resolved, { from, to });
  return runOn(target, "shortestPath", resolved, async (graph) => {
    const [row] = await graph.runAlgorithm(
      "shortestPath",
      analyticsStatements["shortest-path"],
      { graphName: graph.name, from, to },
      analyticsStatements["shortest-path-estimate"],
    );
    const ids = from === to ? [from] : ((row?.ids as string[] | undefined) ?? []);
    if (ids.length === 0) return { found: false, length: null, nodes: [], steps: [] };
    const steps = await pathEvidence(graph, ids, resolved);
    const nodes = steps.length > 0 ? [steps[0]?.from as AnalyticsNode, ...steps.map((step) => step.to)] : [];
    if (nodes.length === 0) {
      const [single] = await graph.run(analyticsStatements.entity, { id: from });
      nodes.push(single?.node as AnalyticsNode);
    }
    return { found: true, length: ids.length - 1, nodes, steps };
  });
}

/** For each consecutive pair of the path: the relationships the projection loaded between them, with facts. */
async function pathEvidence(
  graph: ProjectedGraph,
  ids: string[],
  projection: Extract<Projection, { kind: "types" }>,
): Promise<PathStep[]> {
  if (ids.length < 2) return [];
  const rows = await graph.run(analyticsStatements["path-evidence"], {
    ids,
    relationshipTypes: projection.relationshipTypes,
    orientation: projection.orientation,
  });
  return rows.map((row) => ({
    from: row.from as AnalyticsNode,
    to: row.to as AnalyticsNode,
    evidence: (row.evidence as PathEvidence[]).map((evidence) => ({
      ...evidence,
      factId: evidence.factId ?? null,
      basis: evidence.basis ?? null,
    })),
  }));
}

// ── Weighted bipartite projections ──────────────────────────────────────────────────────────────────

/**
 * The links of a weighted bipartite preset (company-theme, expert-theme) as GDS holds them, each with its
 * weight and the events that make it, heaviest first.
 */
export async function bipartite(
  target: AnalyticsTarget,
  preset: string,
  options?: Record<string, unknown>,
): Promise<BipartiteResult> {
  const { limit: max, ...selectors } = parseOptions("bipartiteProjection", options);
  const resolved = resolveProjection(
    { preset, orientation: "NATURAL", weighted: true },
    selectorsOf(selectors),
  );
  if (resolved.kind !== "bipartite") {
    const names = Object.entries(presets)
      .filter(([, value]) => value.kind === "bipartite")
      .map(([key]) => key);
    throw new AnalyticsInputError(
      `${quoted(preset)} is not a bipartite preset: choose one of ${names.join(", ")}.`,
    );
  }
  return runOn(target, "bipartiteProjection", resolved, async (graph) => {
    // A projection without relationships (nothing links the two sides on that day, or in that source) has no
    // `weight` property for GDS to stream: there are simply no links.
    if (graph.relationshipCount === 0) return { links: [] };
    const statement = fillPlaceholders(analyticsStatements["bipartite-links"], {
      paths: bipartitePaths(presets[resolved.preset] as BipartitePreset),
    });
    const rows = await graph.run(statement, { graphName: graph.name, limit: max });
    return { links: rows as unknown as BipartiteLink[] };
  });
}

/**
 * The function of each algorithm of the registry that runs on a projection, by its name: what the GraphQL
 * field and the command of that name call (./graphql.ts, ./cli.ts).
 */
export const projectionAlgorithms = {
  degreeCentrality: degree,
  pageRank,
  betweennessCentrality: betweenness,
  louvainCommunities: louvain,
  connectedComponents: wcc,
  nodeSimilarity,
  shortestPath,
} satisfies Record<
  ProjectionAlgorithm,
  (
    target: AnalyticsTarget,
    projection: ProjectionRequest | undefined,
    options: Record<string, unknown>,
  ) => Promise<object>
>;
