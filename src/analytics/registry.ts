// The analytics algorithms, one row each: its one name (the GraphQL field, the command, the `algorithm` of
// its answers), what it runs on and its options. The options' validation is derived here, the command
// line's flags and --help in ./cli.ts, and ./registry.test.ts checks graph/analytics.graphql against it.

import { isDate } from "neo4j-driver";
import { z } from "zod";
import { dayProblem } from "../selectors.ts";
import { AnalyticsInputError } from "./errors.ts";

/** A whole number option; without `default` it is optional and absent means "not used". */
interface IntegerOption {
  kind: "int";
  min: number;
  max?: number;
  default?: number;
  description: string;
}

/** A number option with its bounds; `above`/`below` exclude the bound, `min`/`max` include it. */
interface NumberOption {
  kind: "float";
  min?: number;
  above?: number;
  max?: number;
  below?: number;
  default: number;
  description: string;
}

/** A node id (its shape and existence are checked by the algorithm, which names the option). */
interface IdOption {
  kind: "id";
  required?: true;
  description: string;
}

/** Node types of the model the answer is narrowed to (checked against the model by the algorithm). */
interface TypesOption {
  kind: "types";
  description: string;
}

/** A day `YYYY-MM-DD` (the selector asOf: the projection as the graph stood that day). */
interface DateOption {
  kind: "date";
  description: string;
}

/** A source id (the selector source: the projection as that source tells it; checked against the graph). */
interface SourceOption {
  kind: "source";
  description: string;
}

/** One option of an algorithm: its type, default, bounds and what it does. */
export type OptionSpec = IntegerOption | NumberOption | IdOption | TypesOption | DateOption | SourceOption;

/** One algorithm: what it answers, what part of the graph it runs on, and its options. */
export interface AlgorithmSpec {
  summary: string;
  /** `projection`: any projection (AnalyticsProjection); `bipartitePreset`: a weighted bipartite preset. */
  runsOn: "projection" | "bipartitePreset";
  options: Record<string, OptionSpec>;
}

const limit = (byDefault: number) =>
  ({
    kind: "int",
    min: 1,
    max: 10_000,
    default: byDefault,
    description: "How many entries to answer at most.",
  }) as const satisfies IntegerOption;
const types = {
  kind: "types",
  description: "Answer only nodes of these types (the algorithm still runs on the whole projection).",
} as const satisfies TypesOption;

/**
 * The selectors every algorithm takes, for the part of the graph it runs on (src/selectors.ts,
 * graph/predicates/): they combine with each other and with the projection.
 */
const selectors = {
  asOf: {
    kind: "date",
    description:
      "Run on the graph as it stood on this day: the facts that held then, the entities whose validity held, the events begun by then.",
  },
  source: {
    kind: "source",
    description:
      "Run on the graph as this source tells it: only the entities and facts it cites (their values as merged from every source).",
  },
} as const satisfies Record<string, OptionSpec>;

/** Every analytics algorithm by its one name; unknown options are refused, never ignored. */
export const algorithms = {
  degreeCentrality: {
    summary: "each node's number of links (their total weight on a weighted projection), ranked",
    runsOn: "projection",
    options: { limit: limit(25), types, ...selectors },
  },
  pageRank: {
    summary: "a node is central when central nodes link to it, ranked",
    runsOn: "projection",
    options: {
      limit: limit(25),
      types,
      ...selectors,
      dampingFactor: {
        kind: "float",
        min: 0,
        below: 1,
        default: 0.85,
        description: "The probability of following a link.",
      },
      maxIterations: {
        kind: "int",
        min: 1,
        max: 1_000,
        default: 20,
        description: "At most this many iterations.",
      },
      tolerance: {
        kind: "float",
        above: 0,
        max: 1,
        default: 1e-7,
        description: "Stop when scores change less than this.",
      },
    },
  },
  betweennessCentrality: {
    summary: "how many shortest paths between other nodes pass through a node (counts hops), ranked",
    runsOn: "projection",
    options: {
      limit: limit(25),
      types,
      ...selectors,
      samplingSize: {
        kind: "int",
        min: 1,
        description: "Estimate from this many source nodes instead of all of them (faster on big graphs).",
      },
    },
  },
  louvainCommunities: {
    summary: "communities, largest first, with the partition's modularity",
    runsOn: "projection",
    options: {
      ...selectors,
      maxLevels: { kind: "int", min: 1, max: 100, default: 10, description: "At most this many levels." },
      maxIterations: {
        kind: "int",
        min: 1,
        max: 1_000,
        default: 10,
        description: "At most this many iterations per level.",
      },
      tolerance: {
        kind: "float",
        above: 0,
        max: 1,
        default: 0.0001,
        description: "Stop when modularity gains less than this.",
      },
    },
  },
  connectedComponents: {
    summary: "weakly connected components, largest first",
    runsOn: "projection",
    options: { ...selectors },
  },
  nodeSimilarity: {
    summary: "pairs of nodes that link to the same nodes (Jaccard), most alike first",
    runsOn: "projection",
    options: {
      ...selectors,
      nodeId: { kind: "id", description: "Only pairs that include this node." },
      topK: {
        kind: "int",
        min: 1,
        max: 1_000,
        default: 10,
        description: "At most this many pairs per node.",
      },
      similarityCutoff: {
        kind: "float",
        min: 0,
        max: 1,
        default: 0,
        description: "Only pairs more similar than this.",
      },
      degreeCutoff: {
        kind: "int",
        min: 1,
        default: 1,
        description: "Only nodes with at least this many links.",
      },
      limit: limit(50),
    },
  },
  shortestPath: {
    summary: "the path with fewest links between two ids, with the evidence of each link",
    runsOn: "projection",
    options: {
      ...selectors,
      from: { kind: "id", required: true, description: "The id the path starts at." },
      to: { kind: "id", required: true, description: "The id the path ends at." },
    },
  },
  bipartiteProjection: {
    summary: "the links of a weighted bipartite preset, heaviest first, with the events behind each",
    runsOn: "bipartitePreset",
    options: { limit: limit(500), ...selectors },
  },
} as const satisfies Record<string, AlgorithmSpec>;

export type AlgorithmName = keyof typeof algorithms;

/** The algorithms that run on any projection (AnalyticsProjection), as opposed to a bipartite preset. */
export type ProjectionAlgorithm = {
  [A in AlgorithmName]: (typeof algorithms)[A]["runsOn"] extends "projection" ? A : never;
}[AlgorithmName];

/** The algorithms' names, in the registry's order. */
export const algorithmNames = Object.keys(algorithms) as AlgorithmName[];

type ValueOf<O> = O extends IntegerOption | NumberOption
  ? O extends { default: number }
    ? number
    : number | undefined
  : O extends TypesOption
    ? string[] | undefined
    : O extends { required: true }
      ? string
      : string | undefined;

/** A day as the command line writes it, or as GraphQL's Date scalar hands it over (a Neo4j Date). */
const day = z.preprocess(
  (value) => (isDate(value) ? value.toString() : value),
  z.string().superRefine((text, context) => {
    const problem = dayProblem(text);
    if (problem) context.addIssue({ code: "custom", message: problem });
  }),
);

/** The validated options of algorithm `A`, defaults filled in. */
export type OptionsOf<A extends AlgorithmName> = {
  [K in keyof (typeof algorithms)[A]["options"]]: ValueOf<(typeof algorithms)[A]["options"][K]>;
};

function schemaOf(option: OptionSpec): z.ZodType {
  switch (option.kind) {
    case "int":
    case "float": {
      let number = option.kind === "int" ? z.int() : z.number();
      if (option.min !== undefined) number = number.min(option.min);
      if (option.max !== undefined) number = number.max(option.max);
      if (option.kind === "float" && option.above !== undefined) number = number.gt(option.above);
      if (option.kind === "float" && option.below !== undefined) number = number.lt(option.below);
      return option.default === undefined ? number.optional() : number.default(option.default);
    }
    case "id":
      return option.required ? z.string() : z.string().optional();
    case "types":
      return z.array(z.string()).min(1).optional();
    case "date":
      return day.optional();
    case "source":
      return z.string().min(1).optional();
  }
}

const schemas = Object.fromEntries(
  algorithmNames.map((name) => {
    const options: Record<string, OptionSpec> = algorithms[name].options;
    return [
      name,
      z.strictObject(
        Object.fromEntries(Object.entries(options).map(([key, option]) => [key, schemaOf(option)])),
      ),
    ];
  }),
) as Record<AlgorithmName, z.ZodObject>;

/** Validates an algorithm's options, naming each bad or unknown one and the ones it knows. */
export function parseOptions<A extends AlgorithmName>(
  algorithm: A,
  options: Record<string, unknown> | undefined,
): OptionsOf<A> {
  const schema = schemas[algorithm];
  // GraphQL hands absent optional arguments over as null; they mean "the default".
  const present = Object.fromEntries(Object.entries(options ?? {}).filter(([, value]) => value != null));
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data as OptionsOf<A>;
  const known = Object.keys(schema.shape);
  const problems = parsed.error.issues.map((issue) =>
    issue.code === "unrecognized_keys"
      ? `unknown option${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((key) => `"${key}"`).join(", ")} (${algorithm} knows ${known.length ? known.join(", ") : "no options"})`
      : `${issue.path.join(".")}: ${issue.message}`,
  );
  throw new AnalyticsInputError(`Invalid options for ${algorithm}: ${problems.join("; ")}.`);
}
