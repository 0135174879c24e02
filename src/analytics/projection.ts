// Which part of the graph an algorithm runs on. A caller picks node types, relationship types and an
// orientation, or a preset; this module checks the choice against the model (graph/schema.graphql) and
// hands over the Cypher projection that loads it into GDS (graph/analytics/project-*.cypher). Labels and
// types are never spliced into Cypher: they travel as parameters, compared with labels(n) and type(r).
import { analyticsStatements, fillPlaceholders, modelTypeNames } from "../model/index.ts";
import { noSelectors, type Selectors } from "../selectors.ts";
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
 * Either keeps only what its selectors keep (`asOf`: the facts and entities that held that day; `source`:
 * what that source cites).
 */
export type Projection = Selectors &
  (
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
      }
  );

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
  /**
   * The preset's paths from a source node to a target node through a middle node `m` (the links' weight
   * counts the `m`s): graph/analytics/bipartite-<preset>.cypher.
   */
  paths: "bipartite-company-theme" | "bipartite-expert-theme";
  /** The stored relationships the paths walk, for the evidence of a link. */
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
    paths: "bipartite-company-theme",
    relationshipTypes: ["PARTICIPATED_IN", "REPRESENTS", "HAS_THEME"],
    orientation: "NATURAL",
  },
  "expert-theme": {
    kind: "bipartite",
    description:
      "experts and themes through events and programmes: an expert links to a theme with weight = the number of events it took part in and programmes it contributed to that have that theme",
    source: "Expert",
    target: "Theme",
    paths: "bipartite-expert-theme",
    relationshipTypes: ["PARTICIPATED_IN", "CONTRIBUTED_TO", "HAS_THEME"],
    orientation: "NATURAL",
  },
};

/** Reads a preset name as GraphQL (`COMPANY_THEME`) or the command line (`company-theme`) writes it. */
function presetKey(name: string): string {
  return name.trim().toLowerCase().replaceAll("_", "-");
}

/**
 * Checks a request against the model and fills in defaults; throws {@link AnalyticsInputError}. The
 * selectors are the caller's, already checked (src/analytics/algorithms.ts reads them with the options).
 */
export function resolveProjection(
  request: ProjectionRequest = {},
  selectors: Selectors = noSelectors,
): Projection {
  const { asOf, source } = selectors;
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
        asOf,
        source,
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
      asOf,
      source,
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
    asOf,
    source,
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
  const selected = [
    projection.asOf ? `as of ${projection.asOf}` : "",
    projection.source ? `as ${projection.source} tells it` : "",
  ].filter(Boolean);
  return `${what} (${[projection.orientation.toLowerCase(), projection.weighted ? "weighted" : "", ...selected].filter(Boolean).join(", ")})`;
}

/**
 * The Cypher that counts a projection's nodes (checked against the limit before anything is loaded) and
 * the Cypher aggregation that projects it under `$graphName` (graph/analytics/count-nodes.cypher,
 * project-types.cypher, project-bipartite.cypher with the preset's paths), and their parameters but the
 * selectors' (src/analytics/gds.ts adds those to every statement of a run).
 */
export function projectionCypher(projection: Projection): {
  countQuery: string;
  projectQuery: string;
  params: Record<string, unknown>;
} {
  const params = {
    nodeTypes: projection.nodeTypes,
    relationshipTypes: projection.relationshipTypes,
    orientation: projection.orientation,
    weighted: projection.weighted,
  };
  const countQuery = analyticsStatements["count-nodes"];
  if (projection.kind === "types") {
    return { countQuery, projectQuery: analyticsStatements["project-types"], params };
  }
  return {
    countQuery,
    projectQuery: fillPlaceholders(analyticsStatements["project-bipartite"], {
      paths: bipartitePaths(presets[projection.preset] as BipartitePreset),
    }),
    params,
  };
}

/**
 * A bipartite preset's paths, each row one (linkSource, linkTarget, m) triple: graph/analytics/
 * bipartite-<preset>.cypher, run as a subquery (with `source` and `target` bound, the middles of one link).
 */
export function bipartitePaths(preset: BipartitePreset): string {
  return analyticsStatements[preset.paths];
}
