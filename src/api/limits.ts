// How much one GraphQL request may ask for. Each bound is configuration (src/config.ts) and a refused
// request names the variable it hit, so a client knows what to change and an operator what to raise.
import { createRequire } from "node:module";
import type { ApolloServerPlugin } from "@apollo/server";
import type { NextFunction, Request, Response } from "express";
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLField,
  getIntrospectionQuery,
  Kind,
  parse,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import type { ApiLimits } from "../config.ts";
import { errorBody, limitExceeded, tokenLimitError } from "../limit-exceeded.ts";

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

/** {@link tokenLimitError} as Express middleware: answers like Apollo would, in GraphQL's error shape. */
export function tokenLimit(maxTokens: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    const query = (req.body as { query?: unknown } | undefined)?.query ?? req.query.query;
    const error = typeof query === "string" ? tokenLimitError(query, maxTokens) : undefined;
    if (!error) return next();
    res.status(400).json(errorBody(error));
  };
}

/** Refuses operations that nest too deep, alias too often or would cost too much, before they run. */
export function operationLimits(limits: ApiLimits, argumentRanges: ArgumentRanges = {}): ApolloServerPlugin {
  const estimates = costMemo();
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
          const { depth, introspectionDepth, aliases, fields, input } = measure(
            operation.selectionSet,
            fragments,
            request.variables ?? {},
          );
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
          // Refused before anything walks the values recursively (the cost estimate coerces the variables,
          // @neo4j/graphql turns every level into nested Cypher that Neo4j parses recursively too).
          if (input.depth > limits.maxInputDepth) {
            throw limitExceeded(
              `The input of ${input.deepest} nests ${input.depth} levels deep, more than the maximum of ${limits.maxInputDepth}`,
              "GRAPHQL_MAX_INPUT_DEPTH",
              limits.maxInputDepth,
              input.depth,
            );
          }
          if (input.values > limits.maxInputValues) {
            throw limitExceeded(
              `The arguments hold ${input.values} values (variables included), more than the maximum of ${limits.maxInputValues}; the largest is ${input.largest}`,
              "GRAPHQL_MAX_INPUT_VALUES",
              limits.maxInputValues,
              input.values,
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
          const cost = estimates.get(document, operation.name?.value, request.variables, () =>
            estimateCost(() =>
              getComplexity({
                schema,
                query: document,
                ...(operation.name ? { operationName: operation.name.value } : {}),
                variables: request.variables ?? {},
                estimators: [costEstimator(limits.maxLimit, argumentRanges)],
              }),
            ),
          );
          if (cost > limits.maxCost) {
            throw limitExceeded(
              `Query cost ${cost} exceeds the maximum of ${limits.maxCost}: ask for fewer rows (limit/first), fewer nested lists or shallower relationship filters (some/all/none/single)`,
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

/** Estimates kept per variables, at most this many for one document: then they are forgotten and begin again. */
const estimatesPerDocument = 512;

/**
 * The cost estimates of the documents Apollo keeps parsed (it hands the same document object to every request
 * with the same text), per operation and variables: the estimate walks the whole operation with the schema,
 * about a tenth of this app's own work per request, and a client repeats the same questions. Asked only after
 * the input checks, so the variables it serialises as the key are within GRAPHQL_MAX_INPUT_DEPTH.
 */
function costMemo() {
  const byDocument = new WeakMap<DocumentNode, Map<string, number>>();
  return {
    get(
      document: DocumentNode,
      operationName: string | undefined,
      variables: Record<string, unknown> | undefined,
      estimate: () => number,
    ): number {
      const key = `${operationName ?? ""} ${JSON.stringify(variables ?? {})}`;
      let known = byDocument.get(document);
      const cost = known?.get(key);
      if (cost !== undefined) return cost;
      const estimated = estimate();
      if (!known || known.size >= estimatesPerDocument) {
        known = new Map();
        byDocument.set(document, known);
      }
      known.set(key, estimated);
      return estimated;
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
  /** The arguments' values, each variable replaced by the JSON value the request gives it. */
  input: InputShape;
}

/** How deep and how big arguments are; the deepest and the largest are named for the error. */
interface InputShape {
  /** Nesting of objects and lists in the deepest argument (`{ id: { eq: "x" } }` is 2). */
  depth: number;
  /** Every object, list and scalar in every argument, once per field it is given to. */
  values: number;
  /** `field(argument:)` of the deepest argument. */
  deepest: string;
  /** `field(argument:)` of the argument with the most values. */
  largest: string;
  largestValues: number;
}

const emptyInput: InputShape = { depth: 0, values: 0, deepest: "", largest: "", largestValues: 0 };

const emptyShape: Shape = { depth: 0, introspectionDepth: 0, aliases: 0, fields: 0, input: emptyInput };

/** Adds an argument's or a subtree's input shape to another: depths take the maximum, values add up. */
function combineInput(into: InputShape, add: InputShape): InputShape {
  const deeper = add.depth > into.depth;
  const larger = add.largestValues > into.largestValues;
  return {
    depth: deeper ? add.depth : into.depth,
    values: into.values + add.values,
    deepest: deeper ? add.deepest : into.deepest,
    largest: larger ? add.largest : into.largest,
    largestValues: larger ? add.largestValues : into.largestValues,
  };
}

/**
 * Measures one argument value without recursion (a hostile variable may nest thousands of levels, deeper
 * than a JavaScript stack): a variable counts as the JSON value the request gives it, at the depth where the
 * document uses it.
 */
function measureValue(
  root: ValueNode,
  variables: Record<string, unknown>,
): { depth: number; values: number } {
  let depth = 0;
  let values = 0;
  const pending: ({ node: ValueNode; level: number } | { json: unknown; level: number })[] = [
    { node: root, level: 0 },
  ];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const level = item.level + 1;
    if ("node" in item) {
      const { node } = item;
      if (node.kind === Kind.VARIABLE) {
        pending.push({ json: variables[node.name.value], level: item.level });
        continue;
      }
      values += 1;
      if (node.kind === Kind.OBJECT) {
        depth = Math.max(depth, level);
        for (const field of node.fields) pending.push({ node: field.value, level });
      } else if (node.kind === Kind.LIST) {
        depth = Math.max(depth, level);
        for (const value of node.values) pending.push({ node: value, level });
      }
    } else {
      values += 1;
      if (item.json !== null && typeof item.json === "object") {
        depth = Math.max(depth, level);
        for (const value of Object.values(item.json)) pending.push({ json: value, level });
      }
    }
  }
  return { depth, values };
}

/** The input shape of a field's arguments (and its directives'), each named `field(argument:)`. */
function measureArguments(field: FieldNode, variables: Record<string, unknown>): InputShape {
  let shape = emptyInput;
  const given = [
    ...(field.arguments ?? []).map((argument) => ({ owner: field.name.value, argument })),
    ...(field.directives ?? []).flatMap((directive) =>
      (directive.arguments ?? []).map((argument) => ({ owner: `@${directive.name.value}`, argument })),
    ),
  ];
  for (const { owner, argument } of given) {
    const { depth, values } = measureValue(argument.value, variables);
    const name = `${owner}(${argument.name.value}:)`;
    shape = combineInput(shape, { depth, values, deepest: name, largest: name, largestValues: values });
  }
  return shape;
}

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
  variables: Record<string, unknown>,
  memo: Map<string, Shape> = new Map(),
): Shape {
  const shape: Shape = { ...emptyShape };
  for (const selection of selectionSet?.selections ?? []) {
    let inner: Shape;
    if (selection.kind === Kind.FIELD) {
      const child = measure(selection.selectionSet, fragments, variables, memo);
      const alias = selection.alias ? 1 : 0;
      const input = combineInput(child.input, measureArguments(selection, variables));
      // `__typename` is a leaf of the type it is asked on: it adds no depth, but its alias counts.
      inner =
        selection.name.value === "__typename"
          ? { ...emptyShape, aliases: alias, fields: 1, input }
          : introspectionFields.has(selection.name.value)
            ? {
                depth: 0,
                introspectionDepth: Math.max(child.depth, child.introspectionDepth) + 1,
                aliases: child.aliases + alias,
                fields: child.fields + 1,
                input,
              }
            : {
                depth: child.depth + 1,
                introspectionDepth: child.introspectionDepth,
                aliases: child.aliases + alias,
                fields: child.fields + 1,
                input,
              };
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      inner = measure(selection.selectionSet, fragments, variables, memo);
    } else {
      const name = selection.name.value;
      const cached = memo.get(name);
      if (cached) {
        inner = cached;
      } else {
        memo.set(name, emptyShape); // a (refused) cycle ends here
        inner = measure(fragments.get(name)?.selectionSet, fragments, variables, memo);
        memo.set(name, inner);
      }
    }
    shape.depth = Math.max(shape.depth, inner.depth);
    shape.introspectionDepth = Math.max(shape.introspectionDepth, inner.introspectionDepth);
    shape.aliases += inner.aliases;
    shape.fields += inner.fields;
    shape.input = combineInput(shape.input, inner.input);
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
  return query ? measure(query.selectionSet, fragments, {}).introspectionDepth : 0;
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

/** The filter keys that walk a relationship (`events: { some: … }`), and aggregations over one. */
const relationshipFilters = new Set(["some", "all", "none", "single", "aggregate"]);

/**
 * What a `where` costs per row it is tested on: a relationship filter costs what selecting the same path
 * would, {@link assumedListSize} related rows each tested against the filter inside it, so that
 * `events: { some: { companies: { some: … } } }` grows like `events { companies { … } }`. Logical
 * operators and property comparisons add nothing of their own (GRAPHQL_MAX_INPUT_VALUES bounds them).
 *
 * @example
 * filterCost({ id: { eq: "x" } }); // 0
 * filterCost({ events: { some: { themes: { some: { id: { eq: "x" } } } } } }); // 10 * (1 + 10 * 1) = 110
 */
export function filterCost(where: unknown): number {
  if (Array.isArray(where)) return where.reduce((sum: number, item) => sum + filterCost(item), 0);
  if (where === null || typeof where !== "object") return 0;
  let cost = 0;
  for (const [key, value] of Object.entries(where)) {
    cost += relationshipFilters.has(key) ? assumedListSize * (1 + filterCost(value)) : filterCost(value);
  }
  return cost;
}

/**
 * Each field costs 1 plus its children times the rows it may return: a list or Relay connection multiplies
 * by its `limit`/`first` (or {@link assumedListSize} when the query sets none). Its `where` costs
 * {@link filterCost} for each row tested, at least {@link assumedListSize} of them whatever the limit (a limit
 * counts the rows that match, not those tested). A requested size above GRAPHQL_MAX_LIMIT is refused
 * outright rather than silently cut by @limit.
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
    // A limit counts the rows that match: the filter is tested on at least a typical list's worth.
    return 1 + childComplexity * rows + filterCost(args.where) * Math.max(rows, assumedListSize);
  };
}
