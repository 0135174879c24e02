// The algorithms, each over a projection the caller chooses, each answering plain objects that carry the
// nodes (type, id, name) with their score, community or similarity. GraphQL and the command line both call
// these functions, so both validate options the same way and give the same answers.

import neo4j from "neo4j-driver";
import { idPattern, modelTypeNames } from "../model/index.ts";
import { AnalyticsInputError, quoted } from "./errors.ts";
import { type AnalyticsTarget, type ProjectedGraph, withProjection } from "./gds.ts";
import {
  type BipartitePreset,
  bipartiteMiddles,
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

// ── Shared plumbing ─────────────────────────────────────────────────────────────────────────────────

const nodeMap = (variable: string) =>
  `{type: [label IN labels(${variable}) WHERE label <> 'Entity'][0], id: ${variable}.id, name: coalesce(${variable}.name, ${variable}.id)}`;

function summary(graph: ProjectedGraph): ProjectionSummary {
  const { projection } = graph;
  return {
    description: describeProjection(projection),
    preset: projection.preset,
    nodeTypes: [...projection.nodeTypes],
    relationshipTypes: [...projection.relationshipTypes],
    orientation: projection.orientation,
    weighted: projection.weighted,
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
const estimateOf = (procedure: string) =>
  `CALL ${procedure}.estimate($graphName, $config) YIELD bytesMax RETURN bytesMax`;

const weightConfig = (projection: Projection) =>
  projection.weighted ? { relationshipWeightProperty: "weight" } : {};

async function centrality(
  target: AnalyticsTarget,
  algorithm: AlgorithmName,
  procedure: string,
  projectionRequest: ProjectionRequest | undefined,
  config: (projection: Projection) => Record<string, unknown>,
  options: { limit: number; types?: string[] | undefined },
): Promise<CentralityResult> {
  const projection = resolveProjection(projectionRequest);
  const types = checkResultTypes(options.types);
  return runOn(target, algorithm, projection, async (graph) => {
    const [row] = await graph.runAlgorithm(
      algorithm,
      `CALL ${procedure}($graphName, $config) YIELD nodeId, score
       WITH gds.util.asNode(nodeId) AS n, score
       WHERE $types IS NULL OR any(label IN labels(n) WHERE label IN $types)
       WITH n, score ORDER BY score DESC, n.id
       WITH collect({node: ${nodeMap("n")}, score: score}) AS rows
       RETURN size(rows) AS total, rows[0..$limit] AS rows`,
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
  const rows = (await graph.run(
    `CALL gds.graph.nodeProperty.stream($graphName, 'community') YIELD nodeId, propertyValue
     WITH gds.util.asNode(nodeId) AS n, propertyValue AS community
     WITH community, n ORDER BY n.id
     WITH community, collect(${nodeMap("n")}) AS members
     RETURN members ORDER BY size(members) DESC, members[0].id`,
    { graphName: graph.name },
  )) as { members: AnalyticsNode[] }[];
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
  const parsed = parseOptions("louvainCommunities", options);
  const resolved = resolveProjection(projection);
  return runOn(target, "louvainCommunities", resolved, (graph) =>
    communities(
      graph,
      "louvainCommunities",
      "gds.louvain.mutate",
      "CALL gds.louvain.mutate($graphName, $config) YIELD communityCount, modularity RETURN communityCount, modularity",
      { ...parsed, ...weightConfig(resolved), mutateProperty: "community" },
    ),
  );
}

/** Weakly connected components: the groups of nodes that some path joins, ignoring direction. */
export async function wcc(
  target: AnalyticsTarget,
  projection?: ProjectionRequest,
  options?: Record<string, unknown>,
): Promise<CommunityResult> {
  parseOptions("connectedComponents", options);
  return runOn(target, "connectedComponents", resolveProjection(projection), (graph) =>
    communities(
      graph,
      "connectedComponents",
      "gds.wcc.mutate",
      "CALL gds.wcc.mutate($graphName, $config) YIELD componentCount RETURN componentCount",
      { mutateProperty: "community" },
    ),
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
  } = parseOptions("nodeSimilarity", options);
  const resolved = resolveProjection(projection);
  if (nodeId != null) await checkIds(target, resolved, { nodeId });
  return runOn(target, "nodeSimilarity", resolved, async (graph) => {
    const rows = await graph.runAlgorithm(
      "nodeSimilarity",
      `CALL gds.nodeSimilarity.stream($graphName, $config) YIELD node1, node2, similarity
       WITH gds.util.asNode(node1) AS a, gds.util.asNode(node2) AS b, similarity
       WHERE $nodeId IS NULL OR a.id = $nodeId
       // GDS answers a pair once from each side when each is in the other's top K: keep it once.
       WITH CASE WHEN $nodeId IS NULL AND a.id > b.id THEN [b, a] ELSE [a, b] END AS pair, similarity
       WITH DISTINCT pair[0] AS a, pair[1] AS b, similarity
       RETURN ${nodeMap("a")} AS node1, ${nodeMap("b")} AS node2, similarity
       ORDER BY similarity DESC, node1.id, node2.id
       LIMIT $limit`,
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
 * database), then one indexed lookup that it names an entity of a type the projection holds. Each refusal
 * names the argument, e.g. `nodeId "x" is not a valid id`.
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
  const { records } = await target.driver.executeQuery(
    `UNWIND $ids AS id
     OPTIONAL MATCH (n:Entity {id: id})
     RETURN id, [label IN labels(n) WHERE label <> 'Entity'][0] AS type`,
    { ids: Object.values(ids) },
    {
      database: target.database,
      routing: neo4j.routing.READ,
      transactionConfig: { timeout: target.limits.timeoutMs },
    },
  );
  const typeOf = new Map(
    records.map((record) => [record.get("id") as string, record.get("type") as string | null]),
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
  const { from, to } = parseOptions("shortestPath", options);
  const resolved = resolveProjection(projection);
  if (resolved.kind !== "types") {
    throw new AnalyticsInputError(
      `Shortest paths need a projection of stored relationships, whose links have evidence; "${resolved.preset}" derives its links. Use the ecosystem or participation preset, or node and relationship types of your own.`,
    );
  }
  await checkIds(target, resolved, { from, to });
  return runOn(target, "shortestPath", resolved, async (graph) => {
    const [row] = await graph.runAlgorithm(
      "shortestPath",
      `MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
       CALL gds.shortestPath.dijkstra.stream($graphName, {sourceNode: a, targetNode: b, jobId: $jobId})
       YIELD nodeIds
       RETURN [nodeId IN nodeIds | gds.util.asNode(nodeId).id] AS ids`,
      { graphName: graph.name, from, to },
      `MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
       CALL gds.shortestPath.dijkstra.stream.estimate($graphName, {sourceNode: a, targetNode: b})
       YIELD bytesMax
       RETURN bytesMax`,
    );
    const ids = from === to ? [from] : ((row?.ids as string[] | undefined) ?? []);
    if (ids.length === 0) return { found: false, length: null, nodes: [], steps: [] };
    const steps = await pathEvidence(graph, ids, resolved);
    const nodes = steps.length > 0 ? [steps[0]?.from as AnalyticsNode, ...steps.map((step) => step.to)] : [];
    if (nodes.length === 0) {
      const [single] = await graph.run(`MATCH (n:Entity {id: $id}) RETURN ${nodeMap("n")} AS node`, {
        id: from,
      });
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
  const rows = await graph.run(
    `UNWIND range(0, size($ids) - 2) AS i
     MATCH (a:Entity {id: $ids[i]}), (b:Entity {id: $ids[i + 1]})
     CALL (a, b) {
       MATCH (a)-[r]-(b)
       WHERE type(r) IN $relationshipTypes
         AND CASE $orientation WHEN 'NATURAL' THEN startNode(r) = a
                               WHEN 'REVERSE' THEN startNode(r) = b
                               ELSE true END
       OPTIONAL MATCH (fact:Fact {id: r.factId})-[c:CITED_IN]->(source:Source)
       WITH r, collect(CASE WHEN source IS NULL THEN null ELSE {
         sourceId: source.id, sourceTitle: coalesce(source.title, source.name), section: c.section,
         quote: c.quote, basis: c.basis, reason: c.reason } END) AS citations
       RETURN collect({relationshipType: type(r), forward: startNode(r) = a, factId: r.factId,
                       basis: r.basis, citations: citations}) AS evidence
     }
     RETURN i, ${nodeMap("a")} AS from, ${nodeMap("b")} AS to, evidence
     ORDER BY i`,
    { ids, relationshipTypes: projection.relationshipTypes, orientation: projection.orientation },
  );
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
  const { limit: max } = parseOptions("bipartiteProjection", options);
  const resolved = resolveProjection({ preset, orientation: "NATURAL", weighted: true });
  if (resolved.kind !== "bipartite") {
    const names = Object.entries(presets)
      .filter(([, value]) => value.kind === "bipartite")
      .map(([key]) => key);
    throw new AnalyticsInputError(
      `${quoted(preset)} is not a bipartite preset: choose one of ${names.join(", ")}.`,
    );
  }
  return runOn(target, "bipartiteProjection", resolved, async (graph) => {
    const rows = await graph.run(
      `CALL gds.graph.relationshipProperty.stream($graphName, 'weight') YIELD sourceNodeId, targetNodeId, propertyValue
       WITH gds.util.asNode(sourceNodeId) AS s, gds.util.asNode(targetNodeId) AS t, propertyValue AS weight
       ORDER BY weight DESC, s.id, t.id LIMIT $limit
       CALL (s, t) {
         CALL (s, t) { ${bipartiteMiddles(presets[resolved.preset] as BipartitePreset)} }
         WITH DISTINCT m ORDER BY m.id
         RETURN collect(${nodeMap("m")}) AS via
       }
       RETURN ${nodeMap("s")} AS source, ${nodeMap("t")} AS target, weight, via`,
      { graphName: graph.name, limit: max },
    );
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
