// Graph analytics in the GraphQL API: one typed Query field per algorithm and one Mutation that writes
// scores back (editor only). src/api/schema.ts composes `{ typeDefs, resolvers }` into the Neo4jGraphQL
// schema; @neo4j/graphql wraps these resolvers, so the context carries its driver (`executionContext`, or
// the app's statement runner that holds it), the database (`sessionConfig`) and the verified token (`jwt`).
import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";
import type { Driver } from "neo4j-driver";
import { type Caller, requireEditor } from "../caller.ts";
import { type AnalyticsSettings, loadConfig } from "../config.ts";
import { AdmissionGate } from "./admission.ts";
import {
  betweenness,
  bipartite,
  degree,
  louvain,
  nodeSimilarity,
  pageRank,
  shortestPath,
  wcc,
} from "./algorithms.ts";
import {
  AnalyticsBusyError,
  AnalyticsInputError,
  GdsMissingError,
  ProjectionTooLargeError,
} from "./errors.ts";
import type { AnalyticsTarget } from "./gds.ts";
import { HeapBudget } from "./memory.ts";
import { orientations, type ProjectionRequest, presets } from "./projection.ts";
import { AnalyticsReuse } from "./reuse.ts";
import { writableAlgorithms, writeBack } from "./writeback.ts";

const enumName = (key: string) => key.toUpperCase().replaceAll("-", "_");
const bipartitePresets = Object.entries(presets)
  .filter(([, preset]) => preset.kind === "bipartite")
  .map(([key]) => enumName(key));

/** The analytics part of the API's type definitions. */
export const typeDefs = /* GraphQL */ `
  "A named projection (docs/analytics.md lists what each holds)."
  enum AnalyticsPreset {
    ${Object.keys(presets).map(enumName).join("\n    ")}
  }

  "A projection whose links are derived through events or programmes and weighted by how many join them."
  enum AnalyticsBipartitePreset {
    ${bipartitePresets.join("\n    ")}
  }

  "How relationships are loaded: as stored, reversed, or both ways."
  enum AnalyticsOrientation {
    ${orientations.join("\n    ")}
  }

  "A score that can be written back onto the nodes, with the time of the run."
  enum AnalyticsWriteProperty {
    ${writableAlgorithms.map(enumName).join("\n    ")}
  }

  """
  Which part of the graph an algorithm runs on: a preset, or node types and relationship types of your own
  (parallel relationships between two nodes become one link whose weight is their number). With neither,
  the ecosystem preset.
  """
  input AnalyticsProjection {
    preset: AnalyticsPreset
    "Node types of the model: Company, Representative, Expert, Organization, Theme, Event, Programme, Practice."
    nodeTypes: [String!]
    "Relationship types of the model (the Predicate enum): MEMBER_OF, PARTICIPATED_IN, HAS_THEME…"
    relationshipTypes: [String!]
    "Default: the preset's, or UNDIRECTED."
    orientation: AnalyticsOrientation
    "Use link weights in algorithms that take them (degree, PageRank, Louvain, similarity)."
    weighted: Boolean
  }

  "A node of the graph: its type in the model, id and name."
  type AnalyticsNode {
    type: String!
    id: ID!
    name: String!
  }

  "What an answer was computed on."
  type AnalyticsProjectionSummary {
    description: String!
    preset: String
    nodeTypes: [String!]!
    relationshipTypes: [String!]!
    orientation: AnalyticsOrientation!
    weighted: Boolean!
    nodeCount: Int!
    relationshipCount: Int!
  }

  type AnalyticsNodeScore {
    "1 for the highest score; ties are ordered by id."
    rank: Int!
    node: AnalyticsNode!
    score: Float!
  }

  type AnalyticsCentrality {
    algorithm: String!
    projection: AnalyticsProjectionSummary!
    "When the run started (ISO 8601)."
    ranAt: String!
    millis: Int!
    "How many nodes of the asked types got a score, before limit."
    total: Int!
    scores: [AnalyticsNodeScore!]!
  }

  type AnalyticsCommunity {
    "1 for the largest community."
    id: Int!
    size: Int!
    members: [AnalyticsNode!]!
  }

  type AnalyticsCommunities {
    algorithm: String!
    projection: AnalyticsProjectionSummary!
    ranAt: String!
    millis: Int!
    communityCount: Int!
    "Modularity of the partition (Louvain); null for connected components."
    modularity: Float
    communities: [AnalyticsCommunity!]!
  }

  type AnalyticsSimilarityPair {
    node1: AnalyticsNode!
    node2: AnalyticsNode!
    "Jaccard similarity of the two nodes' neighbourhoods (weighted Jaccard on a weighted projection)."
    similarity: Float!
  }

  type AnalyticsSimilarity {
    algorithm: String!
    projection: AnalyticsProjectionSummary!
    ranAt: String!
    millis: Int!
    pairs: [AnalyticsSimilarityPair!]!
  }

  "Where a source supports the fact behind a link."
  type AnalyticsCitation {
    sourceId: ID!
    sourceTitle: String!
    section: String!
    quote: String!
    basis: String!
    reason: String
  }

  "A stored relationship behind a link of a path, with its fact and the fact's citations."
  type AnalyticsPathEvidence {
    relationshipType: String!
    "True when the relationship is stored from the step's first node to its second."
    forward: Boolean!
    factId: ID
    basis: String
    citations: [AnalyticsCitation!]!
  }

  type AnalyticsPathStep {
    from: AnalyticsNode!
    to: AnalyticsNode!
    evidence: [AnalyticsPathEvidence!]!
  }

  type AnalyticsPath {
    algorithm: String!
    projection: AnalyticsProjectionSummary!
    ranAt: String!
    millis: Int!
    found: Boolean!
    "Number of links; null when no path joins the two nodes in this projection."
    length: Int
    nodes: [AnalyticsNode!]!
    steps: [AnalyticsPathStep!]!
  }

  type AnalyticsBipartiteLink {
    source: AnalyticsNode!
    target: AnalyticsNode!
    weight: Float!
    "The events or programmes that make the link; their number is the weight."
    via: [AnalyticsNode!]!
  }

  type AnalyticsBipartite {
    algorithm: String!
    projection: AnalyticsProjectionSummary!
    ranAt: String!
    millis: Int!
    links: [AnalyticsBipartiteLink!]!
  }

  type AnalyticsWrittenProperty {
    property: String!
    nodes: Int!
  }

  type AnalyticsWriteBack {
    "The time written as pagerankAt / communityAt on every node written."
    ranAt: String!
    projection: String!
    written: [AnalyticsWrittenProperty!]!
  }

  type Query {
    "Degree centrality: each node's number of links (their total weight on a weighted projection)."
    degreeCentrality(projection: AnalyticsProjection, types: [String!], limit: Int): AnalyticsCentrality!
    "PageRank: a node is central when central nodes link to it."
    pageRank(
      projection: AnalyticsProjection
      "Answer only nodes of these types (the algorithm still runs on the whole projection)."
      types: [String!]
      limit: Int
      dampingFactor: Float
      maxIterations: Int
      tolerance: Float
    ): AnalyticsCentrality!
    "Betweenness: how many shortest paths between other nodes pass through a node (counts hops, ignores weights)."
    betweennessCentrality(
      projection: AnalyticsProjection
      types: [String!]
      limit: Int
      samplingSize: Int
    ): AnalyticsCentrality!
    "Louvain communities, largest first, with the partition's modularity."
    louvainCommunities(
      projection: AnalyticsProjection
      maxLevels: Int
      maxIterations: Int
      tolerance: Float
    ): AnalyticsCommunities!
    "Weakly connected components, largest first."
    connectedComponents(projection: AnalyticsProjection): AnalyticsCommunities!
    "Node similarity (Jaccard): pairs of nodes that link to the same nodes, most alike first."
    nodeSimilarity(
      projection: AnalyticsProjection
      "Only pairs that include this node."
      nodeId: ID
      topK: Int
      similarityCutoff: Float
      degreeCutoff: Int
      limit: Int
    ): AnalyticsSimilarity!
    "The shortest path (fewest links) between two nodes, with the evidence of each link."
    shortestPath(from: ID!, to: ID!, projection: AnalyticsProjection): AnalyticsPath!
    "The links of a weighted bipartite projection, heaviest first, with their weights and what makes them."
    bipartiteProjection(preset: AnalyticsBipartitePreset!, limit: Int): AnalyticsBipartite!
  }

  type Mutation {
    "Writes PageRank and/or Louvain community ids onto the projected nodes, with the time of the run. Editor only."
    writeAnalytics(projection: AnalyticsProjection, properties: [AnalyticsWriteProperty!]!): AnalyticsWriteBack!
  }
`;

/**
 * What one app instance shares between its analytics requests: its settings, the admission gate, the heap
 * budget and the answers it may reuse. createApp makes one from its configuration and puts it in every
 * request's context.
 */
export interface AnalyticsRuntime {
  settings: AnalyticsSettings;
  gate: AdmissionGate;
  heapBudget: HeapBudget;
  reuse: AnalyticsReuse;
  /** Tells `reuse` when a mutation of this app committed, so that no earlier answer is reused. */
  plugin: ApolloServerPlugin;
}

/** The analytics state of one app instance, from its configuration (ANALYTICS_* in src/config.ts). */
export function createAnalyticsRuntime(settings: AnalyticsSettings): AnalyticsRuntime {
  const reuse = new AnalyticsReuse(settings.cacheSeconds);
  return {
    settings,
    gate: new AdmissionGate({
      concurrency: settings.concurrency,
      queue: settings.queue,
      maxWaitMs: settings.timeoutMs,
    }),
    heapBudget: new HeapBudget(settings.maxHeapPercent),
    reuse,
    plugin: {
      async requestDidStart() {
        return {
          async willSendResponse({ operation, response }) {
            if (operation?.operation !== "mutation" || response.body.kind !== "single") return;
            // A refused or failed mutation answers no data and changed nothing.
            const { data } = response.body.singleResult;
            if (data && Object.values(data).some((value) => value != null)) reuse.graphChanged();
          },
        };
      },
    },
  };
}

/** What the analytics resolvers read from the context @neo4j/graphql hands them. */
interface AnalyticsContext extends Caller {
  executionContext?: unknown;
  sessionConfig?: { database?: string };
  /** The app's analytics state (src/app/app.ts); a caller of the bare schema may leave it out. */
  analytics?: AnalyticsRuntime;
}

let standalone: AnalyticsRuntime | undefined;
/**
 * The runtime of a request: the app's, or for a caller of the bare schema without one, a runtime of this
 * module's own built from the environment (validated by the same loadConfig).
 */
function runtimeOf(context: AnalyticsContext): AnalyticsRuntime {
  if (context.analytics) return context.analytics;
  standalone ??= createAnalyticsRuntime(loadConfig().analytics);
  return standalone;
}

function targetOf(context: AnalyticsContext, runtime: AnalyticsRuntime): AnalyticsTarget {
  // The app's context carries a statement runner that holds the driver (src/api/runner.ts); a caller of
  // the bare schema may pass the driver itself.
  const execution = context.executionContext as { driver?: Driver } | Driver | undefined;
  const driver = execution && "driver" in execution ? execution.driver : (execution as Driver | undefined);
  if (!driver || typeof driver.session !== "function") {
    throw new Error("Analytics needs the Neo4j driver as the request's execution context.");
  }
  return {
    driver,
    database: context.sessionConfig?.database ?? "neo4j",
    limits: runtime.settings,
    heapBudget: runtime.heapBudget,
  };
}

/**
 * Whether `error` is one of this feature's errors of class `type`. Matched by name as well as by class:
 * a module loaded twice (two realms, a test runner's copy) makes `instanceof` fail, and then a refusal
 * meant for the client would reach it masked as an internal error.
 */
function isFeatureError<E extends Error>(error: unknown, type: new (...args: never[]) => E): error is E {
  return error instanceof type || (error instanceof Error && error.name === type.name);
}

/** Maps analytics' errors to the API's error codes (docs/api.md), whose messages reach clients unmasked. */
function asGraphQLError(error: unknown, settings: AnalyticsSettings): unknown {
  if (isFeatureError(error, AnalyticsInputError)) {
    return new GraphQLError(error.message, { extensions: { code: "BAD_USER_INPUT" } });
  }
  if (isFeatureError(error, ProjectionTooLargeError)) {
    return new GraphQLError(error.message, { extensions: { code: "LIMIT_EXCEEDED", ...error.details } });
  }
  if (isFeatureError(error, AnalyticsBusyError)) {
    return new GraphQLError(error.message, { extensions: { code: "TOO_MANY_REQUESTS", ...error.details } });
  }
  if (isFeatureError(error, GdsMissingError)) {
    return new GraphQLError(error.message, { extensions: { code: "SERVICE_UNAVAILABLE" } });
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code.startsWith("Neo.ClientError.Transaction.TransactionTimedOut")) {
    const { timeoutMs } = settings;
    return new GraphQLError(
      `The analytics run took longer than ${timeoutMs} ms and was stopped (ANALYTICS_TIMEOUT_MS): choose a smaller projection, or raise ANALYTICS_TIMEOUT_MS.`,
      { extensions: { code: "TIMEOUT", limit: "ANALYTICS_TIMEOUT_MS", maximum: timeoutMs } },
    );
  }
  if (typeof code === "string" && /OutOfMemoryError$/.test(code)) {
    // Neo4j's transaction memory limits (db.memory.transaction.*, set from NEO4J_HEAP for the local Neo4j)
    // stopped a statement before it could exhaust the heap.
    return new GraphQLError(
      "The analytics run needed more memory than Neo4j allows its statements (db.memory.transaction.max and db.memory.transaction.total.max, set from NEO4J_HEAP for the local Neo4j) and was stopped: choose a smaller projection, or try again when the server is less busy.",
      { extensions: { code: "TOO_MANY_REQUESTS", limit: "NEO4J_HEAP", retryAfterSeconds: 5 } },
    );
  }
  return error;
}

type Args = Record<string, unknown> & { projection?: ProjectionRequest | null };

/**
 * A resolver that runs one analytics call and reports its errors as GraphQL errors with codes. Everything,
 * reading the context and validating the arguments included, runs inside the `try`: a refusal thrown
 * anywhere reaches the client as BAD_USER_INPUT, never as a masked internal error. Every run passes the
 * app's admission gate; a read (`reusable`) is first looked up among the answers computed on the same graph.
 */
function resolver<T extends object>(
  run: (target: AnalyticsTarget, args: Args, context: AnalyticsContext) => Promise<T>,
  { reusable = true } = {},
) {
  return async (
    _root: unknown,
    args: Args,
    context: AnalyticsContext,
    info: { fieldName: string },
  ): Promise<T> => {
    const runtime = runtimeOf(context);
    try {
      const target = targetOf(context, runtime);
      const admitted = () => runtime.gate.run(() => run(target, args, context));
      if (!reusable) return await admitted();
      return await runtime.reuse.answer(target.driver, target.database, info.fieldName, args, admitted);
    } catch (error) {
      throw asGraphQLError(error, runtime.settings);
    }
  };
}

const projectionOf = (args: Args): ProjectionRequest => args.projection ?? {};
const optionsOf = (args: Args): Record<string, unknown> => {
  const { projection: _projection, ...options } = args;
  return options;
};

/** The resolvers of the fields above. */
export const resolvers = {
  Query: {
    degreeCentrality: resolver((target, args) => degree(target, projectionOf(args), optionsOf(args))),
    pageRank: resolver((target, args) => pageRank(target, projectionOf(args), optionsOf(args))),
    betweennessCentrality: resolver((target, args) =>
      betweenness(target, projectionOf(args), optionsOf(args)),
    ),
    louvainCommunities: resolver((target, args) => louvain(target, projectionOf(args), optionsOf(args))),
    connectedComponents: resolver((target, args) => wcc(target, projectionOf(args), optionsOf(args))),
    nodeSimilarity: resolver((target, args) => nodeSimilarity(target, projectionOf(args), optionsOf(args))),
    shortestPath: resolver((target, args) => shortestPath(target, projectionOf(args), optionsOf(args))),
    bipartiteProjection: resolver((target, args) => {
      const { preset, ...options } = optionsOf(args);
      return bipartite(target, String(preset), options);
    }),
  },
  Mutation: {
    writeAnalytics: resolver(
      (target, args, context) => {
        requireEditor(context);
        const properties = (args.properties as string[]).map((property) => property.toLowerCase());
        return writeBack(target, projectionOf(args), properties);
      },
      { reusable: false },
    ),
  },
};
