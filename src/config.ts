import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** The repository root: every relative path in the configuration is resolved against it. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const boolean = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

const port = z.coerce.number().int().min(1).max(65535);

/** A Neo4j memory size as neo4j.conf writes it: 512m, 1g, 256M. */
const memorySize = z.string().regex(/^\d+[kKmMgG]$/, "a size such as 512m or 1g");

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

    SEED_ON_EMPTY: boolean.default(true),
  })
  .superRefine((env, ctx) => {
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
    | { mode: "local"; username: "neo4j"; password?: string; database: string; local: LocalNeo4jSettings }
    | { mode: "external"; uri: string; username: string; password: string; database: string };
  seedOnEmpty: boolean;
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
          },
        },
    seedOnEmpty: env.SEED_ON_EMPTY,
  };
}
