import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** The repository root: every relative path in the configuration is resolved against it. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const boolean = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

const port = z.coerce.number().int().min(1).max(65535);

/** A positive whole number bounding what one request may ask for. */
const limit = z.coerce.number().int().min(1);

/** A whole number within bounds, with one message that says which. */
const wholeNumber = (min: number, max: number, unit: string) => {
  const message = `a whole number of ${unit} from ${min} to ${max}`;
  return z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);
};

/** A host name that reaches only this machine: a key set fetched from it over plain http cannot be tampered with. */
function isLoopbackHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** A Neo4j memory size as neo4j.conf writes it: 512m, 1g, 256M. */
const memorySize = z.string().regex(/^\d+[kKmMgG]$/, "a size such as 512m or 1g");

/**
 * How the local Neo4j's JVM compiles the code it runs hot (NEO4J_JIT): `delayed-c2` leaves the optimising
 * compiler (C2) to code ten times hotter than the JVM's default thresholds, `c1-only` never uses it,
 * `jvm-default` keeps the JVM's own thresholds. See `jitOptions` in src/neo4j-runtime/server.ts.
 */
export const neo4jJitModes = ["delayed-c2", "c1-only", "jvm-default"] as const;
export type Neo4jJit = (typeof neo4jJitModes)[number];

const environmentSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: z.string().min(1).default("127.0.0.1"),
    PORT: port.default(4000),

    NEO4J_URI: z
      .string()
      .regex(/^(neo4j|bolt)(\+s|\+ssc)?:\/\/.+/, "a Bolt URI such as bolt://localhost:7687 or neo4j+s://…")
      .optional(),
    NEO4J_USERNAME: z.string().min(1).default("neo4j"),
    NEO4J_PASSWORD: z.string().min(8, "at least 8 characters (Neo4j's minimum)").optional(),
    NEO4J_DATABASE: z.string().min(1).default("neo4j"),

    NEO4J_BOLT_PORT: port.default(7687),
    NEO4J_HOME: z.string().min(1).default(".neo4j/home"),
    NEO4J_JARS: z.string().min(1).default(".neo4j/jars"),
    NEO4J_HEAP: memorySize.default("512m"),
    NEO4J_PAGECACHE: memorySize.default("256m"),
    NEO4J_JIT: z.enum(neo4jJitModes, { error: `one of ${neo4jJitModes.join(", ")}` }).default("delayed-c2"),
    NEO4J_RESTART_ATTEMPTS: wholeNumber(0, 100, "restart attempts (0: never restart)").default(5),
    NEO4J_RESTART_BACKOFF_MS: wholeNumber(100, 600_000, "milliseconds").default(1_000),

    SEED_ON_EMPTY: boolean.default(true),
    SEED_BULK_MIN_BYTES: wholeNumber(0, Number.MAX_SAFE_INTEGER, "bytes").default(5_000_000),

    ANALYTICS_MAX_NODES: z.coerce.number().int().min(1).default(100_000),
    ANALYTICS_MAX_RELATIONSHIPS: z.coerce.number().int().min(1).default(1_000_000),
    ANALYTICS_TIMEOUT_MS: z.coerce.number().int().min(1).default(60_000),
    ANALYTICS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    ANALYTICS_QUEUE: z.coerce.number().int().min(0).max(10_000).default(8),
    ANALYTICS_MAX_HEAP_PERCENT: z.coerce.number().int().min(1).max(90).default(30),
    ANALYTICS_CACHE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),

    EXPLORER_SEARCH_FIRST_NODES: wholeNumber(0, 1_000_000_000, "entities").default(5_000),

    JWT_SECRET: z.string().min(32, "at least 32 characters (HS256 needs a 256-bit secret)").optional(),
    JWKS_URL: z.url({ protocol: /^https?$/, error: "an http(s) URL of a JSON Web Key Set" }).optional(),
    JWT_ISSUER: z.string().min(1).optional(),
    JWT_AUDIENCE: z.string().min(1).optional(),
    JWT_MAX_LIFETIME_SECONDS: limit.default(86_400),
    GRAPHQL_INTROSPECTION: boolean.optional(),
    GRAPHQL_ERROR_DETAILS: boolean.default(false),
    GRAPHQL_MAX_DEPTH: limit.default(10),
    GRAPHQL_MAX_COST: limit.default(20_000),
    GRAPHQL_MAX_ALIASES: limit.default(20),
    GRAPHQL_MAX_TOKENS: limit.default(2_000),
    GRAPHQL_MAX_INPUT_DEPTH: limit.default(20),
    GRAPHQL_MAX_INPUT_VALUES: limit.default(1_000),
    GRAPHQL_DEFAULT_LIMIT: limit.default(50),
    GRAPHQL_MAX_LIMIT: limit.default(500),
    GRAPHQL_MAX_BODY_BYTES: limit.default(100_000),
    GRAPHQL_TIMEOUT_MS: limit.default(30_000),
    GRAPHQL_CACHE_SECONDS: z.coerce.number().int().min(0).max(86_400).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.JWT_SECRET && env.JWKS_URL) {
      ctx.addIssue({ code: "custom", path: ["JWKS_URL"], message: "set JWT_SECRET or JWKS_URL, not both" });
    }
    if (env.JWKS_URL) {
      const url = new URL(env.JWKS_URL);
      // Whoever can alter the key set in transit can sign any token: plain http only where no one can.
      if (url.protocol !== "https:" && !isLoopbackHost(url.hostname)) {
        ctx.addIssue({
          code: "custom",
          path: ["JWKS_URL"],
          message: "must be an https URL (plain http is accepted only on a loopback host such as 127.0.0.1)",
        });
      }
      // A key set of a shared identity provider signs tokens for many services: only these two claims
      // tell a token meant for this API from one meant for another.
      for (const claim of ["JWT_ISSUER", "JWT_AUDIENCE"] as const) {
        if (!env[claim]) {
          ctx.addIssue({
            code: "custom",
            path: [claim],
            message: `is required with JWKS_URL (the token's "${claim === "JWT_ISSUER" ? "iss" : "aud"}" claim must name it)`,
          });
        }
      }
    }
    if (env.GRAPHQL_DEFAULT_LIMIT > env.GRAPHQL_MAX_LIMIT) {
      ctx.addIssue({
        code: "custom",
        path: ["GRAPHQL_DEFAULT_LIMIT"],
        message: `must not exceed GRAPHQL_MAX_LIMIT (${env.GRAPHQL_MAX_LIMIT})`,
      });
    }
    if (env.NEO4J_URI && !env.NEO4J_PASSWORD) {
      ctx.addIssue({
        code: "custom",
        path: ["NEO4J_PASSWORD"],
        message: "is required when NEO4J_URI points at your own Neo4j",
      });
    }
  });

/** The validated configuration of one btech-graph process. */
export interface Config {
  env: "development" | "production" | "test";
  http: { host: string; port: number };
  /** Where the graph lives: a server the project starts itself, or one the user runs. */
  neo4j:
    | {
        mode: "local";
        username: "neo4j";
        password?: string;
        database: string;
        local: LocalNeo4jSettings;
        /** How `npm start` restarts the local Neo4j when it dies (src/neo4j-runtime/supervisor.ts). */
        restart: { attempts: number; backoffMs: number };
      }
    | { mode: "external"; uri: string; username: string; password: string; database: string };
  seedOnEmpty: boolean;
  /**
   * Size of a file set from which `npm run seed` loads an empty local database through neo4j-admin rather than
   * Cypher (src/bulk-import/); `--bulk` / `--no-bulk` decide instead.
   */
  seedBulkMinBytes: number;
  analytics: AnalyticsSettings;
  api: ApiSettings;
  explorer: ExplorerSettings;
}

/** How the explorer page opens (docs/explorer.md, "Big graphs"). */
export interface ExplorerSettings {
  /**
   * Above this many entities the page starts search-first: it never loads the whole graph, only the
   * neighbourhoods one picks (EXPLORER_SEARCH_FIRST_NODES).
   */
  searchFirstAbove: number;
}

/** Who may write, and how much one GraphQL request may ask for (docs/api.md explains each). */
export interface ApiSettings {
  /**
   * Mask internal error details (stack traces, Cypher, driver messages) in answers: on unless
   * GRAPHQL_ERROR_DETAILS asks for them, in every NODE_ENV.
   */
  maskErrors: boolean;
  introspection: boolean;
  /** How write tokens are verified; `none` means the API accepts no token and no write. */
  auth:
    | { mode: "none" }
    | { mode: "secret"; secret: string; rules: TokenRules }
    | { mode: "jwks"; url: string; rules: TokenRules };
  limits: ApiLimits;
  /** How long an anonymous read's answer is served again (0: never); see src/api/cache.ts. */
  cacheSeconds: number;
}

/** What a token's claims must say besides its signature (src/api/auth.ts). */
export interface TokenRules {
  /** The `iss` a token must carry, when set (always with JWKS_URL). */
  issuer?: string;
  /** A value the token's `aud` must hold, when set (always with JWKS_URL). */
  audience?: string;
  /** Longest time from a token's issue (`iat`, or now) to its required `exp`. */
  maxLifetimeSeconds: number;
}

/** The bounds of one GraphQL request; each is named after its environment variable in errors. */
export interface ApiLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxTokens: number;
  /** Nesting of objects and lists in one argument, variables' values included (`{ NOT: { NOT: … } }`). */
  maxInputDepth: number;
  /** Values (objects, lists, scalars) in all of an operation's arguments, variables' values included. */
  maxInputValues: number;
  /** Rows a list returns when the query names no `limit`/`first`. */
  defaultLimit: number;
  maxLimit: number;
  maxBodyBytes: number;
  /** Server-side timeout of each Neo4j transaction the API runs. */
  timeoutMs: number;
}

/** How big and how long one graph-analytics request may be (docs/analytics.md). */
export interface AnalyticsSettings {
  /** Nodes a projection may hold; a larger one is refused before anything is loaded. */
  maxNodes: number;
  /** Relationships a projection may hold. */
  maxRelationships: number;
  /** Server-side timeout of each step of a request (projection, algorithm), in milliseconds. */
  timeoutMs: number;
  /**
   * Share of Neo4j's maximum heap, in percent, that the estimated memory of the analytics runs in flight may
   * take together; GDS memory is not bounded by Neo4j's transaction memory limits.
   */
  maxHeapPercent: number;
  /** Analytics runs one app instance lets run at the same time. */
  concurrency: number;
  /** Runs that may wait for a free slot; more are refused at once (HTTP 429). */
  queue: number;
  /** How long an answer is reused for the same run on an unchanged graph (0: never). */
  cacheSeconds: number;
}

/** How the project's own Neo4j server is laid out and sized. */
export interface LocalNeo4jSettings {
  boltPort: number;
  /** The server's home: conf/, data/, logs/. Kept between runs so the graph survives a restart. */
  home: string;
  /** Where Maven copies Neo4j's jars (lib/) and the plugins (plugins/). Shared by every home. */
  jars: string;
  heap: string;
  pageCache: string;
  /** How its JVM compiles hot code (see {@link neo4jJitModes}); `delayed-c2` when not given. */
  jit?: Neo4jJit;
}

/** Thrown when the environment does not describe a runnable configuration. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Reads and validates the environment once. Throws a {@link ConfigError} naming each variable to fix.
 *
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`The environment is not valid; set or fix:\n${problems.join("\n")}`);
  }
  const env = parsed.data;
  const resolve = (p: string) => path.resolve(projectRoot, p);
  const tokenRules: TokenRules = {
    ...(env.JWT_ISSUER ? { issuer: env.JWT_ISSUER } : {}),
    ...(env.JWT_AUDIENCE ? { audience: env.JWT_AUDIENCE } : {}),
    maxLifetimeSeconds: env.JWT_MAX_LIFETIME_SECONDS,
  };
  return {
    env: env.NODE_ENV,
    http: { host: env.HOST, port: env.PORT },
    neo4j: env.NEO4J_URI
      ? {
          mode: "external",
          uri: env.NEO4J_URI,
          username: env.NEO4J_USERNAME,
          password: env.NEO4J_PASSWORD as string,
          database: env.NEO4J_DATABASE,
        }
      : {
          mode: "local",
          username: "neo4j",
          ...(env.NEO4J_PASSWORD ? { password: env.NEO4J_PASSWORD } : {}),
          database: env.NEO4J_DATABASE,
          local: {
            boltPort: env.NEO4J_BOLT_PORT,
            home: resolve(env.NEO4J_HOME),
            jars: resolve(env.NEO4J_JARS),
            heap: env.NEO4J_HEAP,
            pageCache: env.NEO4J_PAGECACHE,
            jit: env.NEO4J_JIT,
          },
          restart: { attempts: env.NEO4J_RESTART_ATTEMPTS, backoffMs: env.NEO4J_RESTART_BACKOFF_MS },
        },
    seedOnEmpty: env.SEED_ON_EMPTY,
    seedBulkMinBytes: env.SEED_BULK_MIN_BYTES,
    analytics: {
      maxNodes: env.ANALYTICS_MAX_NODES,
      maxRelationships: env.ANALYTICS_MAX_RELATIONSHIPS,
      timeoutMs: env.ANALYTICS_TIMEOUT_MS,
      maxHeapPercent: env.ANALYTICS_MAX_HEAP_PERCENT,
      concurrency: env.ANALYTICS_CONCURRENCY,
      queue: env.ANALYTICS_QUEUE,
      cacheSeconds: env.ANALYTICS_CACHE_SECONDS,
    },
    api: {
      maskErrors: !env.GRAPHQL_ERROR_DETAILS,
      introspection: env.GRAPHQL_INTROSPECTION ?? env.NODE_ENV !== "production",
      auth: env.JWT_SECRET
        ? { mode: "secret", secret: env.JWT_SECRET, rules: tokenRules }
        : env.JWKS_URL
          ? { mode: "jwks", url: env.JWKS_URL, rules: tokenRules }
          : { mode: "none" },
      limits: {
        maxDepth: env.GRAPHQL_MAX_DEPTH,
        maxCost: env.GRAPHQL_MAX_COST,
        maxAliases: env.GRAPHQL_MAX_ALIASES,
        maxTokens: env.GRAPHQL_MAX_TOKENS,
        maxInputDepth: env.GRAPHQL_MAX_INPUT_DEPTH,
        maxInputValues: env.GRAPHQL_MAX_INPUT_VALUES,
        defaultLimit: env.GRAPHQL_DEFAULT_LIMIT,
        maxLimit: env.GRAPHQL_MAX_LIMIT,
        maxBodyBytes: env.GRAPHQL_MAX_BODY_BYTES,
        timeoutMs: env.GRAPHQL_TIMEOUT_MS,
      },
      // In development a curator's edits show at once; in production repeated reads are cheap.
      cacheSeconds: env.GRAPHQL_CACHE_SECONDS ?? (env.NODE_ENV === "production" ? 30 : 0),
    },
    explorer: { searchFirstAbove: env.EXPLORER_SEARCH_FIRST_NODES },
  };
}
