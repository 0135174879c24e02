// Which part of the graph an algorithm runs on. A caller picks node types, relationship types and an
// orientation, or a preset; this module checks the choice against the model (graph/schema.graphql) and
// writes the Cypher projection that loads it into GDS. Labels and types are never spliced into Cypher:
// they travel as parameters, compared with labels(n) and type(r).
import { modelTypeNames } from "../model/index.ts";
import { AnalyticsInputError, quoted } from "./errors.ts";

/** How relationships are loaded: as stored, reversed, or both ways. */
export type Orientation = "NATURAL" | "REVERSE" | "UNDIRECTED";
export const orientations: readonly Orientation[] = ["NATURAL", "REVERSE", "UNDIRECTED"];

/** What a caller may ask for (GraphQL input or command-line flags), before validation. */
export interface ProjectionRequest {
  preset?: string | null;
  nodeTypes?: readonly string[] | null;
  relationshipTypes?: readonly string[] | null;
  orientation?: string | null;
  /** Load each link's weight so that algorithms that take weights use it. */
  weighted?: boolean | null;
}

/**
 * A validated projection. `types`: the stored relationships of the chosen types between nodes of the chosen
 * types, parallel relationships merged into one link whose weight is their number. `bipartite`: links
 * derived through a pattern (company → event → theme), weighted by how many distinct middle nodes join them.
 */
export type Projection =
  | {
      kind: "types";
      preset: string | null;
      nodeTypes: string[];
      relationshipTypes: string[];
      orientation: Orientation;
      weighted: boolean;
    }
  | {
      kind: "bipartite";
      preset: BipartitePresetName;
      /** The two sides: [source type, target type]. */
      nodeTypes: [string, string];
      relationshipTypes: string[];
      orientation: Orientation;
      weighted: boolean;
    };

interface TypesPreset {
  kind: "types";
  description: string;
  /** "all": every type of the model. */
  nodeTypes: string[] | "all";
  relationshipTypes: string[] | "all";
  orientation: Orientation;
}

export interface BipartitePreset {
  kind: "bipartite";
  description: string;
  source: string;
  target: string;
  /** Paths from a source node `s` to a target node `t` through a middle node `m`; the links' weight counts the `m`s. */
  patterns: string[];
  /** The stored relationships the pattern walks, for the evidence of a link. */
  relationshipTypes: string[];
  orientation: Orientation;
}

export type BipartitePresetName = "company-theme" | "expert-theme";

/** The named projections, for the questions asked most. */
export const presets: Record<string, TypesPreset | BipartitePreset> = {
  ecosystem: {
    kind: "types",
    description: "every entity and every relationship between entities, both ways",
    nodeTypes: "all",
    relationshipTypes: "all",
    orientation: "UNDIRECTED",
  },
  participation: {
    kind: "types",
    description:
      "companies, experts, organizations and representatives, the events they took part in, and the events' themes",
    nodeTypes: ["Company", "Expert", "Organization", "Representative", "Event", "Theme"],
    relationshipTypes: ["PARTICIPATED_IN", "INVOLVES", "HAS_THEME"],
    orientation: "UNDIRECTED",
  },
  "company-theme": {
    kind: "bipartite",
    description:
      "companies and themes through events: a company links to a theme with weight = the number of events on that theme it (or one of its representatives) took part in",
    source: "Company",
    target: "Theme",
    // "Took part": the company itself, or one of its representatives.
    patterns: [
      "(s)-[:PARTICIPATED_IN]->(m:Event)-[:HAS_THEME]->(t:Theme)",
      "(s)<-[:REPRESENTS]-(:Representative)-[:PARTICIPATED_IN]->(m:Event)-[:HAS_THEME]->(t:Theme)",
    ],
    relationshipTypes: ["PARTICIPATED_IN", "REPRESENTS", "HAS_THEME"],
    orientation: "NATURAL",
  },
  "expert-theme": {
    kind: "bipartite",
    description:
      "experts and themes through events and programmes: an expert links to a theme with weight = the number of events it took part in and programmes it contributed to that have that theme",
    source: "Expert",
    target: "Theme",
    patterns: [
      "(s)-[:PARTICIPATED_IN]->(m:Event)-[:HAS_THEME]->(t:Theme)",
      "(s)-[:CONTRIBUTED_TO]->(m:Programme)-[:HAS_THEME]->(t:Theme)",
    ],
    relationshipTypes: ["PARTICIPATED_IN", "CONTRIBUTED_TO", "HAS_THEME"],
    orientation: "NATURAL",
  },
};

/** Reads a preset name as GraphQL (`COMPANY_THEME`) or the command line (`company-theme`) writes it. */
function presetKey(name: string): string {
  return name.trim().toLowerCase().replaceAll("_", "-");
}

/** Checks a request against the model and fills in defaults; throws {@link AnalyticsInputError}. */
export function resolveProjection(request: ProjectionRequest = {}): Projection {
  const orientation = request.orientation == null ? undefined : parseOrientation(request.orientation);
  const weighted = request.weighted ?? false;
  const hasTypes = request.nodeTypes != null || request.relationshipTypes != null;
  if (request.preset != null && hasTypes) {
    throw new AnalyticsInputError(
      "Choose either a preset or nodeTypes/relationshipTypes, not both (a preset already fixes the types).",
    );
  }
  if (!hasTypes) {
    const key = presetKey(request.preset ?? "ecosystem");
    const preset = presets[key];
    if (!preset) {
      throw new AnalyticsInputError(
        `Unknown preset ${quoted(request.preset ?? "")}: choose one of ${Object.keys(presets).join(", ")}.`,
      );
    }
    if (preset.kind === "bipartite") {
      return {
        kind: "bipartite",
        preset: key as BipartitePresetName,
        nodeTypes: [preset.source, preset.target],
        relationshipTypes: preset.relationshipTypes,
        orientation: orientation ?? preset.orientation,
        weighted,
      };
    }
    return {
      kind: "types",
      preset: key,
      nodeTypes: preset.nodeTypes === "all" ? [...modelTypeNames().nodeTypes] : preset.nodeTypes,
      relationshipTypes:
        preset.relationshipTypes === "all"
          ? [...modelTypeNames().relationshipTypes]
          : preset.relationshipTypes,
      orientation: orientation ?? preset.orientation,
      weighted,
    };
  }
  if (!request.nodeTypes?.length || !request.relationshipTypes?.length) {
    throw new AnalyticsInputError(
      "A projection of your own needs both nodeTypes and relationshipTypes (at least one of each).",
    );
  }
  const model = modelTypeNames();
  const nodeTypes = canonicalNames(request.nodeTypes, model.nodeTypes, "node type");
  const relationshipTypes = canonicalNames(
    request.relationshipTypes,
    model.relationshipTypes,
    "relationship type",
  );
  const problems = [nodeTypes, relationshipTypes].flatMap((names) =>
    "problem" in names ? [names.problem] : [],
  );
  if ("problem" in nodeTypes || "problem" in relationshipTypes)
    throw new AnalyticsInputError(problems.join(" "));
  return {
    kind: "types",
    preset: null,
    nodeTypes: nodeTypes.names,
    relationshipTypes: relationshipTypes.names,
    orientation: orientation ?? "UNDIRECTED",
    weighted,
  };
}

function parseOrientation(value: string): Orientation {
  const upper = value.trim().toUpperCase() as Orientation;
  if (!orientations.includes(upper)) {
    throw new AnalyticsInputError(
      `Unknown orientation ${quoted(value)}: choose one of ${orientations.join(", ")}.`,
    );
  }
  return upper;
}

/** Maps each name to the model's spelling (case-insensitively), or says which names the model lacks. */
function canonicalNames(
  names: readonly string[],
  known: readonly string[],
  what: string,
): { names: string[] } | { problem: string } {
  const byLower = new Map(known.map((name) => [name.toLowerCase(), name]));
  const unknown = names.filter((name) => !byLower.has(name.trim().toLowerCase()));
  if (unknown.length > 0) {
    return {
      problem: `Unknown ${what}${unknown.length > 1 ? "s" : ""} ${unknown.map(quoted).join(", ")}: choose from ${known.join(", ")}.`,
    };
  }
  return { names: [...new Set(names.map((name) => byLower.get(name.trim().toLowerCase()) as string))] };
}

/** A sentence describing a projection, for tables and docs. */
export function describeProjection(projection: Projection): string {
  const preset = projection.preset ? presets[projection.preset] : undefined;
  const what = preset
    ? `${projection.preset}: ${preset.description}`
    : `${projection.nodeTypes.join(", ")} through ${projection.relationshipTypes.join(", ")}`;
  return `${what} (${projection.orientation.toLowerCase()}${projection.weighted ? ", weighted" : ""})`;
}

const labelsOf = (node: string) => `[label IN labels(${node}) WHERE label <> 'Entity']`;

/**
 * The Cypher that counts a projection's nodes (checked against the limit before anything is loaded) and
 * the Cypher aggregation that projects it under `$graphName`. Every node of the chosen types is loaded,
 * with or without links, so that isolated nodes get their (zero) scores too.
 */
export function projectionCypher(projection: Projection): {
  countQuery: string;
  projectQuery: string;
  params: Record<string, unknown>;
} {
  const params = { nodeTypes: projection.nodeTypes, relationshipTypes: projection.relationshipTypes };
  const countQuery = `MATCH (n:Entity) WHERE any(label IN labels(n) WHERE label IN $nodeTypes) RETURN count(n) AS nodes`;
  // The weight is loaded only when an algorithm will read it, and with one builder thread: GDS 2.13's
  // Cypher aggregation allocates its pages up front, per thread and per property (36 MiB for the 81-node
  // seed with four threads and a weight, 1.2 MiB with one thread and none; src/analytics/memory.ts).
  const weightProperty = projection.weighted
    ? "relationshipProperties: CASE WHEN t IS NULL THEN {} ELSE {weight: toFloat(weight)} END,"
    : "";
  const project = (undirected: boolean) => `
    WITH gds.graph.project($graphName, s, t, {
      sourceNodeLabels: ${labelsOf("s")},
      targetNodeLabels: CASE WHEN t IS NULL THEN [] ELSE ${labelsOf("t")} END,
      ${weightProperty}
      relationshipType: 'LINK'
    }, {undirectedRelationshipTypes: ${undirected ? "['*']" : "[]"}, readConcurrency: 1}) AS graph
    RETURN graph.nodeCount AS nodeCount, graph.relationshipCount AS relationshipCount`;
  const undirected = projection.orientation === "UNDIRECTED";
  // An undirected link is loaded once per pair, whichever way its relationships are stored.
  const oncePerPair = `
    WITH CASE WHEN t IS NULL OR elementId(s) < elementId(t) THEN [s, t] ELSE [t, s] END AS pair, weight
    WITH pair[0] AS s, pair[1] AS t, sum(weight) AS weight`;

  if (projection.kind === "types") {
    const arrow = projection.orientation === "REVERSE" ? "<-[r]-" : "-[r]->";
    const projectQuery = `
      MATCH (s:Entity) WHERE any(label IN labels(s) WHERE label IN $nodeTypes)
      OPTIONAL MATCH (s)${arrow}(t:Entity)
        WHERE type(r) IN $relationshipTypes AND any(label IN labels(t) WHERE label IN $nodeTypes)
      WITH s, t, count(r) AS weight
      ${undirected ? oncePerPair : ""}
      ${project(undirected)}`;
    return { countQuery, projectQuery, params };
  }

  const preset = presets[projection.preset] as BipartitePreset;
  const reverse = projection.orientation === "REVERSE";
  const projectQuery = `
    CALL () {
      CALL () { ${bipartitePaths(preset)} }
      WITH s, t, count(DISTINCT m) AS weight
      RETURN ${reverse ? "t AS s, s AS t" : "s, t"}, weight
      UNION ALL
      MATCH (s:Entity) WHERE any(label IN labels(s) WHERE label IN $nodeTypes)
      RETURN s, null AS t, 0 AS weight
    }
    ${project(undirected)}`;
  return { countQuery, projectQuery, params };
}

/** The union of a bipartite preset's paths, each row one (source, target, middle) triple. */
export function bipartitePaths(preset: BipartitePreset): string {
  // The labels come from the preset table above, never from a caller.
  return preset.patterns
    .map((pattern) => `MATCH ${pattern} WHERE s:${preset.source} RETURN s, t, m`)
    .join(" UNION ");
}

/** For a bound source `s` and target `t`, the middle nodes `m` that link them (the weight's evidence). */
export function bipartiteMiddles(preset: BipartitePreset): string {
  return preset.patterns.map((pattern) => `MATCH ${pattern} RETURN m`).join(" UNION ");
}
