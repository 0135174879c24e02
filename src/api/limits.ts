// How much one GraphQL request may ask for. Each bound is configuration (src/config.ts) and a refused
// request names the variable it hit, so a client knows what to change and an operator what to raise.
import { createRequire } from "node:module";
import type { ApolloServerPlugin } from "@apollo/server";
import type { NextFunction, Request, Response } from "express";
import {
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLField,
  getIntrospectionQuery,
  Kind,
  Lexer,
  parse,
  type SelectionSetNode,
  Source,
  TokenKind,
} from "graphql";
import type { ApiLimits } from "../config.ts";

// Loaded as CommonJS on purpose: the schema comes from @neo4j/graphql, which is CommonJS and so uses
// graphql-js's CommonJS build; the estimator must walk it with that same copy (vitest would otherwise hand
// it the ES module build, and graphql-js refuses types from "another realm").
const { getComplexity } = createRequire(import.meta.url)(
  "graphql-query-complexity",
) as typeof import("graphql-query-complexity");

/**
 * How many rows the cost estimate assumes for a list whose size the query does not set: a typical fan-out
 * of this graph, not the @limit default, so that ordinary nested questions fit and only broad ones do not.
 */
export const assumedListSize = 10;

/** A refused request: code LIMIT_EXCEEDED, with the variable that sets the bound and both numbers. */
export function limitExceeded(message: string, limit: string, maximum: number, actual: number): GraphQLError {
  return new GraphQLError(`${message} (${limit})`, {
    extensions: { code: "LIMIT_EXCEEDED", limit, maximum, actual, http: { status: 400 } },
  });
}

/**
 * Counts the query's lexical tokens before anything parses it, so a huge document costs almost nothing to
 * refuse. Answers like Apollo would, in GraphQL's error shape.
 */
export function tokenLimit(maxTokens: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    const query = (req.body as { query?: unknown } | undefined)?.query ?? req.query.query;
    if (typeof query !== "string") return next();
    const lexer = new Lexer(new Source(query));
    let tokens = 0;
    try {
      while (lexer.advance().kind !== TokenKind.EOF) {
        tokens += 1;
        if (tokens > maxTokens) {
          const error = limitExceeded(
            `The query has more than ${maxTokens} tokens, the maximum`,
            "GRAPHQL_MAX_TOKENS",
            maxTokens,
            tokens,
          );
          res.status(400).json(errorBody(error));
          return;
        }
      }
    } catch {
      // A syntax error: GraphQL's own parser reports it with its location.
    }
    next();
  };
}

/** A refusal sent before Apollo runs, in GraphQL's response shape (the HTTP status is the response's own). */
export function errorBody(error: GraphQLError) {
  const { http: _http, ...extensions } = error.extensions;
  return { errors: [{ message: error.message, extensions }] };
}

/** Refuses operations that nest too deep, alias too often or would cost too much, before they run. */
export function operationLimits(limits: ApiLimits, argumentRanges: ArgumentRanges = {}): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, request }) {
          if (!operation) return;
          const fragments = new Map(
            document.definitions
              .filter(
                (definition): definition is FragmentDefinitionNode =>
                  definition.kind === Kind.FRAGMENT_DEFINITION,
              )
              .map((fragment) => [fragment.name.value, fragment]),
          );
          const { depth, introspectionDepth, aliases, fields } = measure(operation.selectionSet, fragments);
          if (depth > limits.maxDepth) {
            throw limitExceeded(
              `Query depth ${depth} exceeds the maximum of ${limits.maxDepth}`,
              "GRAPHQL_MAX_DEPTH",
              limits.maxDepth,
              depth,
            );
          }
          const maxIntrospectionDepth = Math.max(limits.maxDepth, standardIntrospectionDepth);
          if (introspectionDepth > maxIntrospectionDepth) {
            throw limitExceeded(
              `Introspection depth ${introspectionDepth} exceeds the maximum of ${maxIntrospectionDepth}, the standard introspection query's`,
              "GRAPHQL_MAX_DEPTH",
              maxIntrospectionDepth,
              introspectionDepth,
            );
          }
          if (aliases > limits.maxAliases) {
            throw limitExceeded(
              `The query uses ${aliases} aliases, more than the maximum of ${limits.maxAliases}`,
              "GRAPHQL_MAX_ALIASES",
              limits.maxAliases,
              aliases,
            );
          }
          // Refused before the estimator, which expands fragments one spread at a time.
          if (fields > limits.maxCost) {
            throw limitExceeded(
              `Query cost ${fields} or more exceeds the maximum of ${limits.maxCost}: ask for fewer rows (limit/first) or fewer nested lists`,
              "GRAPHQL_MAX_COST",
              limits.maxCost,
              fields,
            );
          }
          const cost = estimateCost(() =>
            getComplexity({
              schema,
              query: document,
              ...(operation.name ? { operationName: operation.name.value } : {}),
              variables: request.variables ?? {},
              estimators: [costEstimator(limits.maxLimit, argumentRanges)],
            }),
          );
          if (cost > limits.maxCost) {
            throw limitExceeded(
              `Query cost ${cost} exceeds the maximum of ${limits.maxCost}: ask for fewer rows (limit/first) or fewer nested lists`,
              "GRAPHQL_MAX_COST",
              limits.maxCost,
              cost,
            );
          }
        },
      };
    },
  };
}

/**
 * Runs the estimate. It coerces the variables before execution does, so a variable of the wrong type fails
 * here: that is the client's mistake (BAD_USER_INPUT, 400), not a server error.
 */
function estimateCost(estimate: () => number): number {
  try {
    return estimate();
  } catch (error) {
    const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
    if (code !== undefined || !(error instanceof Error)) throw error;
    throw new GraphQLError(error.message, { extensions: { code: "BAD_USER_INPUT", http: { status: 400 } } });
  }
}

/** What the limits measure of a selection set, with every fragment spread expanded. */
interface Shape {
  depth: number;
  /** Depth of `__schema`/`__type` selections, bounded apart: the standard introspection query is deeper. */
  introspectionDepth: number;
  /** Aliases on every field, introspection and `__typename` included. */
  aliases: number;
  /** Fields after expanding fragments: a lower bound of the cost, since every field costs at least 1. */
  fields: number;
}

const emptyShape: Shape = { depth: 0, introspectionDepth: 0, aliases: 0, fields: 0 };

/** Fields that walk the schema rather than the graph. */
const introspectionFields = new Set(["__schema", "__type"]);

/**
 * Measures a selection set. Each fragment is measured once and reused wherever it is spread, so a document
 * that spreads fragments inside fragments (2^n fields from n fragments) costs linear time to measure.
 * Validation has already refused fragment cycles. Introspection counts for aliases and fields like any other
 * selection (100 aliased `__schema` are as costly as 100 aliased lists); its depth is measured apart.
 */
function measure(
  selectionSet: SelectionSetNode | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
  memo: Map<string, Shape> = new Map(),
): Shape {
  const shape: Shape = { ...emptyShape };
  for (const selection of selectionSet?.selections ?? []) {
    let inner: Shape;
    if (selection.kind === Kind.FIELD) {
      const child = measure(selection.selectionSet, fragments, memo);
      const alias = selection.alias ? 1 : 0;
      // `__typename` is a leaf of the type it is asked on: it adds no depth, but its alias counts.
      inner =
        selection.name.value === "__typename"
          ? { ...emptyShape, aliases: alias, fields: 1 }
          : introspectionFields.has(selection.name.value)
            ? {
                depth: 0,
                introspectionDepth: Math.max(child.depth, child.introspectionDepth) + 1,
                aliases: child.aliases + alias,
                fields: child.fields + 1,
              }
            : {
                depth: child.depth + 1,
                introspectionDepth: child.introspectionDepth,
                aliases: child.aliases + alias,
                fields: child.fields + 1,
              };
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      inner = measure(selection.selectionSet, fragments, memo);
    } else {
      const name = selection.name.value;
      const cached = memo.get(name);
      if (cached) {
        inner = cached;
      } else {
        memo.set(name, emptyShape); // a (refused) cycle ends here
        inner = measure(fragments.get(name)?.selectionSet, fragments, memo);
        memo.set(name, inner);
      }
    }
    shape.depth = Math.max(shape.depth, inner.depth);
    shape.introspectionDepth = Math.max(shape.introspectionDepth, inner.introspectionDepth);
    shape.aliases += inner.aliases;
    shape.fields += inner.fields;
  }
  return shape;
}

/** How deep the standard introspection query (every option on, as GraphiQL and codegen send it) nests. */
const standardIntrospectionDepth = (() => {
  const document = parse(
    getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    }),
  );
  const fragments = new Map(
    document.definitions
      .filter(
        (definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION,
      )
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const query = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  return query ? measure(query.selectionSet, fragments).introspectionDepth : 0;
})();

/** Field name → argument name → [minimum, maximum], from the feature modules. */
export type ArgumentRanges = Record<string, Record<string, readonly [number, number]>>;

/** A numeric argument outside the range its field accepts: BAD_USER_INPUT, naming both. */
function checkArguments(field: string, args: Record<string, unknown>, ranges: ArgumentRanges): void {
  for (const [name, value] of Object.entries(args)) {
    if (typeof value !== "number") continue;
    const [minimum, maximum] =
      ranges[field]?.[name] ??
      (name === "limit" || name === "first" || name === "offset" ? [0, Infinity] : []);
    if (minimum === undefined || maximum === undefined) continue;
    if (value < minimum || value > maximum) {
      const range = maximum === Infinity ? `at least ${minimum}` : `between ${minimum} and ${maximum}`;
      throw new GraphQLError(`${field}: ${name} must be ${range}, not ${value}.`, {
        extensions: { code: "BAD_USER_INPUT", http: { status: 400 } },
      });
    }
  }
}

/**
 * A Relay cursor the API did not hand out (`after: "COP"`): @neo4j/graphql would turn it into a NaN offset
 * and fail in Neo4j, so it is refused as BAD_USER_INPUT. Cursors are base64 of `arrayconnection:<offset>`.
 */
function checkCursors(field: string, args: Record<string, unknown>): void {
  for (const name of ["after", "before"]) {
    const cursor = args[name];
    if (typeof cursor !== "string") continue;
    if (/^arrayconnection:\d+$/.test(Buffer.from(cursor, "base64").toString("utf8"))) continue;
    throw new GraphQLError(
      `${field}: ${name} is not a cursor this API returned; pass an edge's cursor or pageInfo.endCursor.`,
      { extensions: { code: "BAD_USER_INPUT", http: { status: 400 } } },
    );
  }
}

/**
 * Each field costs 1 plus its children, times the rows it may return: a list or Relay connection multiplies
 * by its `limit`/`first` (or {@link assumedListSize} when the query sets none). A requested size above
 * GRAPHQL_MAX_LIMIT is refused outright rather than silently cut by @limit.
 */
function costEstimator(maxLimit: number, ranges: ArgumentRanges) {
  return ({
    field,
    args,
    childComplexity,
  }: {
    field: GraphQLField<unknown, unknown>;
    args: Record<string, unknown>;
    node: FieldNode;
    childComplexity: number;
  }) => {
    if (field.name.startsWith("__")) return 0;
    checkArguments(field.name, args, ranges);
    checkCursors(field.name, args);
    const requested =
      typeof args.limit === "number" ? args.limit : typeof args.first === "number" ? args.first : undefined;
    if (requested !== undefined && requested > maxLimit) {
      throw limitExceeded(
        `${field.name} asks for ${requested} rows, more than the maximum of ${maxLimit}`,
        "GRAPHQL_MAX_LIMIT",
        maxLimit,
        requested,
      );
    }
    // Read from the type's printed form (`[Company!]!`): @neo4j/graphql builds the schema with its own copy
    // of graphql-js, whose type classes this module's predicates may not recognise.
    const type = String(field.type);
    const isConnection = field.args.some((arg) => arg.name === "first");
    // A connection's `edges` are the rows its `first` already counted.
    const isList = type.startsWith("[") && field.name !== "edges";
    const rows = isConnection || isList ? (requested ?? assumedListSize) : 1;
    return 1 + childComplexity * rows;
  };
}
