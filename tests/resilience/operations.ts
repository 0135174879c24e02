// Operations generated from the schema the server serves: random valid and invalid ones for the fuzzer,
// and one probe per string argument for the injection tests. Deterministic: the same seed gives the same
// operations on every machine.
import {
  astFromValue,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  parse,
  print,
  validate,
} from "graphql";
import type { seededRandom } from "../helpers/random.ts";

type Random = ReturnType<typeof seededRandom>;

/** Strings an attacker would try in any text argument: Cypher, Lucene, JSON, control characters. */
export const hostileStrings = [
  "' OR 1=1 //",
  '"}) MATCH (n) DETACH DELETE n //',
  "x') WITH 1 AS a CALL apoc.cypher.runWrite('MATCH (n) DETACH DELETE n', {}) YIELD value RETURN 1 //",
  "company:telefonica' RETURN n //",
  "`) DETACH DELETE n; //",
  "$where",
  "\\u0027 OR true",
  '*:* OR name:"x"',
  "AND(",
  '"',
  "~",
  "*",
  "\\",
  "null",
  "\u0000\u0001\u001f",
  "😀 Telefónica ✓",
  "",
] as const;

/** Ordinary values the generator mixes in, so that some operations find data. */
const plainStrings = ["Telefónica", "company:telefonica", "theme:hrdd", "Human rights", "a", "COP", "2022"];
const intValues = [0, 1, 2, 5, 10, 100, -1, 2_147_483_647];

/** A random value of an input type, as a plain JS value (enum values by name). */
export function randomValue(type: GraphQLInputType, rng: Random, depth = 0): unknown {
  if (isNonNullType(type)) return randomValue(type.ofType, rng, depth);
  if (isListType(type)) {
    const length = rng.int(3);
    return Array.from({ length }, () => randomValue(type.ofType, rng, depth + 1));
  }
  if (isEnumType(type)) return rng.pick(type.getValues()).value;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const value: Record<string, unknown> = {};
    for (const field of fields) {
      const required = isNonNullType(field.type);
      // Filters nest (AND/OR/NOT, relationship filters): keep the tree shallow.
      if (!required && (depth >= 2 || !rng.chance(1.5 / fields.length))) continue;
      value[field.name] = randomValue(field.type, rng, depth + 1);
    }
    return value;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case "Int":
        return rng.pick(intValues);
      case "Float":
        return rng.pick([0, 1.5, -3.25, 1e6]);
      case "Boolean":
        return rng.chance(0.5);
      case "Date":
        return rng.pick(["2022-05-17", "2021-01-01", "2023-12-31"]);
      case "DateTime":
        return "2022-05-17T10:00:00Z";
      // The editing API's map of a record's own properties: an object whose names and values the resolver
      // checks against the model (after authentication), never a bare value, which variable coercion refuses.
      case "PropertyMap":
        return rng.pick([{}, { since: 2022 }, { kind: "SESSION", date: "2022-06-21" }, { role: "guest" }]);
      case "ID":
      case "String":
        return rng.chance(0.3) ? rng.pick(hostileStrings) : rng.pick(plainStrings);
      default:
        return rng.pick(plainStrings);
    }
  }
  return null;
}

function literal(value: unknown, type: GraphQLInputType): string {
  // graphql-js cannot write an object given to a custom scalar (the editing API's PropertyMap) as a literal:
  // input objects and lists are walked here, so that such a value is written as the object literal it is.
  if (isNonNullType(type)) return literal(value, type.ofType);
  if (value === null || value === undefined) return "null";
  if (isListType(type) && Array.isArray(value)) {
    return `[${value.map((item) => literal(item, type.ofType)).join(", ")}]`;
  }
  if (isInputObjectType(type) && typeof value === "object") {
    const fields = type.getFields();
    const entries = Object.entries(value as Record<string, unknown>).filter(([name]) => fields[name]);
    return `{${entries.map(([name, item]) => `${name}: ${literal(item, (fields[name] as { type: GraphQLInputType }).type)}`).join(", ")}}`;
  }
  if (isScalarType(type) && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([name, item]) => `${name}: ${JSON.stringify(item)}`).join(", ")}}`;
  }
  const ast = astFromValue(value, type);
  return ast ? print(ast) : "null";
}

/** Relay cursors: only a page the API gave out has one; forged cursors are the hostile tier's business. */
const cursorArguments = new Set(["after", "before"]);

function argumentList(args: readonly GraphQLArgument[], rng: Random): string {
  const chosen = args.filter(
    (arg) => !cursorArguments.has(arg.name) && (isNonNullType(arg.type) || rng.chance(0.35)),
  );
  if (chosen.length === 0) return "";
  return `(${chosen.map((arg) => `${arg.name}: ${literal(randomValue(arg.type, rng), arg.type)}`).join(", ")})`;
}

/** A random selection set of an output type, `depth` levels deep at most. */
export function randomSelection(type: GraphQLOutputType, rng: Random, depth: number): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return "";
  if (isUnionType(named)) {
    const member = rng.pick(named.getTypes());
    return `{ __typename ... on ${member.name} ${randomSelection(member, rng, depth)} }`;
  }
  if (!isObjectType(named) && !isInterfaceType(named)) return "";
  const fields = Object.values(named.getFields()) as GraphQLField<unknown, unknown>[];
  const leaves = fields.filter((field) => isLeafType(getNamedType(field.type)));
  const nested = fields.filter((field) => !isLeafType(getNamedType(field.type)));
  const parts: string[] = [];
  const leafCount = 1 + rng.int(3);
  for (let index = 0; index < leafCount && leaves.length > 0; index += 1) {
    const field = rng.pick(leaves);
    parts.push(`${field.name}${argumentList(field.args, rng)}`);
  }
  if (depth > 0 && nested.length > 0) {
    const count = rng.int(3);
    for (let index = 0; index < count; index += 1) {
      const field = rng.pick(nested);
      parts.push(
        `f${index}: ${field.name}${argumentList(field.args, rng)} ${randomSelection(field.type, rng, depth - 1)}`,
      );
    }
  }
  if (parts.length === 0) parts.push("__typename");
  return `{ ${parts.join(" ")} }`;
}

function randomRootOperation(
  schema: GraphQLSchema,
  kind: "query" | "mutation",
  rng: Random,
  maxDepth: number,
): string {
  const root = kind === "query" ? schema.getQueryType() : schema.getMutationType();
  if (!root) throw new Error(`the schema has no ${kind} type`);
  const fields = Object.values(root.getFields());
  // The generated CRUD fields are cheap; a feature's own fields (graph algorithms) take seconds each, so they
  // get one pick in ten: covered, without turning a fuzz run of minutes into one of hours.
  const generated = fields.filter((field) => isGeneratedField(schema, field.type));
  const custom = fields.filter((field) => !generated.includes(field));
  const count = kind === "query" ? 1 + rng.int(2) : 1;
  const parts: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const field =
      custom.length > 0 && (generated.length === 0 || rng.chance(0.1))
        ? rng.pick(custom)
        : rng.pick(generated);
    parts.push(
      `r${index}: ${field.name}${argumentList(field.args, rng)} ${randomSelection(field.type, rng, rng.int(maxDepth + 1))}`,
    );
  }
  return `${kind} Fuzz${rng.int(1_000_000)} { ${parts.join(" ")} }`;
}

/** Whether a root field is one @neo4j/graphql generates: it returns a model type or its connection/mutation response. */
function isGeneratedField(schema: GraphQLSchema, type: GraphQLOutputType): boolean {
  const name = getNamedType(type).name;
  const model = schema.getType("Entity");
  const entityTypes =
    model && isInterfaceType(model) ? schema.getPossibleTypes(model).map((t) => t.name) : [];
  return (
    name === "Entity" ||
    name === "Fact" ||
    entityTypes.includes(name) ||
    /Connection$|MutationResponse$|^DeleteInfo$|^Create\w+MutationResponse$/.test(name)
  );
}

/**
 * How a generated request was built: a valid query, a malformed one, a query whose input objects nest deep
 * or wide (inline or in variables), a mutation without a token, or a mutation sent with an editor's token.
 */
export type FuzzKind = "valid-query" | "invalid" | "nested-input" | "anonymous-mutation" | "editor-mutation";

export interface FuzzCase {
  kind: FuzzKind;
  /** What was done to it, for the report of a failure. */
  how: string;
  /** The HTTP body, as an object or a raw string. */
  body: unknown;
}

/** Whether a request body is a plain, schema-valid GraphQL request after all. */
function stillValid(schema: GraphQLSchema, body: unknown): boolean {
  if (typeof body !== "object" || body === null || "variables" in body) return false;
  const query = (body as { query?: unknown }).query;
  if (typeof query !== "string") return false;
  try {
    return validate(schema, parse(query)).length === 0;
  } catch {
    return false;
  }
}

/** Breaks a valid operation in one of the ways clients (or attackers) do. */
function corrupt(document: string, schema: GraphQLSchema, rng: Random): { how: string; body: unknown } {
  const choice = rng.int(9);
  switch (choice) {
    case 0: {
      const cut = 1 + rng.int(document.length - 1);
      return { how: "truncated document", body: { query: document.slice(0, cut) } };
    }
    case 1:
      return {
        how: "unknown field",
        body: { query: document.replace(/\{ (\w+)/, "{ $1 noSuchField_$1") },
      };
    case 2:
      return {
        how: "wrong argument type",
        body: { query: document.replace(/(r0: \w+)/, '$1(limit: "many")') },
      };
    case 3: {
      const at = rng.int(document.length);
      const junk = rng.pick(["}", "{", "(", "@", "$", "...", '"', "#", "\\"]);
      return {
        how: `junk ${junk} inserted`,
        body: { query: document.slice(0, at) + junk + document.slice(at) },
      };
    }
    case 4:
      return {
        how: "undeclared variable",
        body: { query: document.replace(/\{ /, "{ r9: companies(limit: $n) { id } ") },
      };
    case 5:
      return {
        how: "variable of the wrong type",
        body: {
          query: "query Wrong($n: Int, $w: CompanyWhere) { companies(limit: $n, where: $w) { id } }",
          variables: { n: rng.pick(["ten", 1.5, { a: 1 }, [1]]), w: rng.pick([{ nope: 1 }, "x", 3]) },
        },
      };
    case 6:
      return { how: "object field without selection", body: { query: "{ companies }" } };
    case 7:
      return {
        how: "body not a GraphQL request",
        body: rng.pick([
          '{"query": 42}',
          '{"variables": {}}',
          "not json at all",
          '{"query": "{',
          "[]",
          "null",
        ]),
      };
    default: {
      const type = rng.pick(Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith("__")));
      return {
        how: "fragment on a wrong type",
        body: { query: `${document} fragment F on ${type.name} { __typename }` },
      };
    }
  }
}

/** Fields through which a filter leads to another filter: boolean operators, quantifiers, connection ends. */
const nestingNames = new Set(["NOT", "AND", "OR", "some", "all", "none", "single", "node", "edge"]);

/**
 * The input-object fields of a type through which a filter can nest further (`NOT`, `events: { some: … }`),
 * so that a walk reaches the depth it aims for instead of stopping at a leaf filter such as `StringScalarFilters`.
 */
function nestingFields(type: GraphQLInputObjectType) {
  return Object.values(type.getFields()).filter((field) => {
    const named = getNamedType(field.type);
    return (
      isInputObjectType(named) &&
      Object.values(named.getFields()).some(
        (inner) => nestingNames.has(inner.name) && isInputObjectType(getNamedType(inner.type)),
      )
    );
  });
}

/**
 * A value of `type` nested `levels` deep along randomly chosen input-object fields (NOT, AND/OR lists,
 * relationship filters such as `events: { some: … }`), with a shallow random value at the bottom. The
 * attack the issue describes is `{NOT: {NOT: …}}` a few hundred levels deep; this walks every way to get there.
 */
function nestedValue(type: GraphQLInputObjectType, levels: number, rng: Random): Record<string, unknown> {
  const paths = nestingFields(type);
  if (levels <= 0 || paths.length === 0) return randomValue(type, rng, 2) as Record<string, unknown>;
  const field = rng.chance(0.5) ? (paths.find((f) => f.name === "NOT") ?? rng.pick(paths)) : rng.pick(paths);
  const inner = nestedValue(getNamedType(field.type) as GraphQLInputObjectType, levels - 1, rng);
  return { [field.name]: wrapValue(field.type, inner) };
}

/**
 * A query on a root field with a `where` argument whose filter nests 1–900 levels deep, or fans out into a
 * few thousand alternatives; half of them in variables (where the token limit cannot see them), half inline.
 */
function nestedInputCase(schema: GraphQLSchema, rng: Random): FuzzCase | undefined {
  const root = schema.getQueryType();
  if (!root) return undefined;
  const candidates = Object.values(root.getFields()).filter((field) =>
    field.args.some((arg) => arg.name === "where" && isInputObjectType(getNamedType(arg.type))),
  );
  if (candidates.length === 0) return undefined;
  const field = rng.pick(candidates);
  const whereArg = field.args.find((arg) => arg.name === "where") as GraphQLArgument;
  const whereType = getNamedType(whereArg.type) as GraphQLInputObjectType;
  const wide = rng.chance(0.2);
  const levels = wide ? 1 : rng.pick([1, 3, 8, 12, 40, 120, 300, 800, 900]);
  const value = wide
    ? { OR: Array.from({ length: rng.pick([50, 500, 5_000]) }, () => nestedValue(whereType, 2, rng)) }
    : nestedValue(whereType, levels, rng);
  const selection = randomSelection(field.type, rng, 0);
  const how = wide
    ? `filter with ${(value.OR as unknown[]).length} alternatives`
    : `filter ${levels} levels deep`;
  if (rng.chance(0.5)) {
    return {
      kind: "nested-input",
      how: `${how}, in variables`,
      body: {
        query: `query Nested($w: ${String(whereArg.type)}) { ${field.name}(where: $w) ${selection} }`,
        variables: { w: value },
      },
    };
  }
  return {
    kind: "nested-input",
    how: `${how}, inline`,
    body: { query: `{ ${field.name}(where: ${literal(value, whereArg.type)}) ${selection} }` },
  };
}

/**
 * `count` requests: about half valid queries (some deep, some with hostile strings in their arguments),
 * the rest malformed operations, queries with deeply nested or very wide input objects, and anonymous
 * mutations.
 */
export function fuzzCases(schema: GraphQLSchema, rng: Random, count: number, maxDepth = 3): FuzzCase[] {
  const cases: FuzzCase[] = [];
  while (cases.length < count) {
    const roll = rng.next();
    if (roll < 0.5) {
      const query = randomRootOperation(schema, "query", rng, maxDepth);
      // The generator only builds schema-valid operations; graphql-js confirms it, so a refusal of one of
      // these by the server is a limit doing its work, not a generator bug.
      if (validate(schema, parse(query)).length > 0) continue;
      cases.push({ kind: "valid-query", how: "valid query", body: { query } });
    } else if (roll < 0.8) {
      const { how, body } = corrupt(randomRootOperation(schema, "query", rng, maxDepth), schema, rng);
      // A cut or a stray `#` can leave a document that is still valid: it is then judged as one.
      cases.push({ kind: stillValid(schema, body) ? "valid-query" : "invalid", how, body });
    } else if (roll < 0.88) {
      const nested = nestedInputCase(schema, rng);
      if (nested) cases.push(nested);
    } else {
      const mutation = randomRootOperation(schema, "mutation", rng, 1);
      cases.push({ kind: "anonymous-mutation", how: "mutation without a token", body: { query: mutation } });
    }
  }
  return cases;
}

/** What the graph holds, so that editor mutations name real ids and real citations as well as made-up ones. */
export interface KnownGraph {
  entityIds: string[];
  sourceIds: string[];
  /** Citations of facts, as `retractCitations` names them. */
  citations: { factId: string; source: string; section: string; quote: string }[];
}

const editSummary = "{ created updated unchanged }";
const editingFields = {
  upsertSources: ["[SourceInput!]!", editSummary],
  upsertEntities: ["[EntityInput!]!", editSummary],
  assertFacts: ["[FactInput!]!", editSummary],
  retractCitations: ["[CitationRetraction!]!", "{ citationsRemoved factsRemoved }"],
} as const;
type EditingField = keyof typeof editingFields;

/**
 * One editing record as an editor (or a careless script) would send it: real ids and citations of the graph
 * mixed with new ones, ids of the wrong type or shape, hostile strings, missing or half evidence. Ids of new
 * records come from a small range, so that later requests update, cite or retract what earlier ones wrote.
 */
function editingRecord(field: EditingField, schema: GraphQLSchema, rng: Random, known: KnownGraph): unknown {
  const entity = schema.getType("Entity");
  const prefixes =
    entity && isInterfaceType(entity) ? schema.getPossibleTypes(entity).map((t) => t.name.toLowerCase()) : [];
  const text = () => (rng.chance(0.2) ? rng.pick(hostileStrings) : rng.pick(plainStrings));
  const sourceId = () =>
    rng.pick([...known.sourceIds, `source:fuzz-${rng.int(3)}`, text(), "company:telefonica"]);
  const entityId = () =>
    rng.chance(0.5)
      ? rng.pick(known.entityIds)
      : rng.pick([
          `${rng.pick(prefixes)}:fuzz-${rng.int(20)}`,
          text(),
          "",
          "fact:x",
          `${rng.pick(prefixes)}:`,
        ]);
  const evidence = () =>
    Array.from({ length: rng.pick([0, 1, 1, 1, 2]) }, () => ({
      source: sourceId(),
      section: rng.pick(["FUZZ", "PARTICIPANTS", text()]),
      quote: text(),
      ...(rng.chance(0.3) ? { basis: "INFERRED", ...(rng.chance(0.7) ? { reason: text() } : {}) } : {}),
    }));
  switch (field) {
    case "upsertSources":
      return { id: sourceId(), title: text(), ...(rng.chance(0.5) ? { year: rng.pick(intValues) } : {}) };
    case "upsertEntities":
      return {
        id: entityId(),
        name: text(),
        ...(rng.chance(0.3) ? { aliases: [text()] } : {}),
        ...(rng.chance(0.2)
          ? { properties: rng.pick([{ kind: "SESSION" }, { since: 2022 }, { nope: 1 }]) }
          : {}),
        evidence: evidence(),
      };
    case "assertFacts": {
      const predicate = schema.getType("Predicate");
      return {
        predicate: predicate && isEnumType(predicate) ? rng.pick(predicate.getValues()).value : "MEMBER_OF",
        subject: entityId(),
        object: entityId(),
        ...(rng.chance(0.2)
          ? { properties: rng.pick([{ since: 2022 }, { role: text() }, { year: "x" }]) }
          : {}),
        evidence: evidence(),
      };
    }
    case "retractCitations": {
      const citation = rng.pick(known.citations);
      return rng.chance(0.7) || !citation ? citation : { ...citation, quote: text() };
    }
  }
}

/**
 * `count` mutations sent with an editor's token: most through the editing API with one or two fields (the
 * second may fail, and then neither may be written), some generated at random from the schema's mutation type.
 * The server may accept or refuse each; what it must never do is fail, hang, or leave the graph unsound.
 */
export function editorCases(
  schema: GraphQLSchema,
  rng: Random,
  count: number,
  known: KnownGraph,
): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const fields = Object.keys(editingFields) as EditingField[];
  while (cases.length < count) {
    if (rng.chance(0.15)) {
      const query = randomRootOperation(schema, "mutation", rng, 1);
      cases.push({ kind: "editor-mutation", how: "random mutation with a token", body: { query } });
      continue;
    }
    const chosen = Array.from({ length: rng.chance(0.2) ? 2 : 1 }, () => rng.pick(fields));
    const declarations = chosen.map((field, index) => `$v${index}: ${editingFields[field][0]}`);
    const selections = chosen.map(
      (field, index) => `e${index}: ${field}(input: $v${index}) ${editingFields[field][1]}`,
    );
    const variables = Object.fromEntries(
      chosen.map((field, index) => [
        `v${index}`,
        Array.from({ length: 1 + rng.int(3) }, () => editingRecord(field, schema, rng, known)),
      ]),
    );
    cases.push({
      kind: "editor-mutation",
      how: chosen.join(" + "),
      body: { query: `mutation Edit(${declarations.join(", ")}) { ${selections.join(" ")} }`, variables },
    });
  }
  return cases;
}

/** One request per string-typed argument path reachable from a root query field, with a hostile value. */
export interface StringProbe {
  field: string;
  path: string;
  payload: string;
  body: { query: string; variables: Record<string, unknown> };
}

/**
 * For every root query field: each String/ID argument, and each string-filtered property of its `where`
 * input (with one of `eq`, `contains`, `startsWith`, `endsWith`, `includes`…, in turn), sent as a variable
 * carrying a hostile string (payloads rotate through {@link hostileStrings}).
 */
export function stringProbes(schema: GraphQLSchema): StringProbe[] {
  const query = schema.getQueryType();
  if (!query) return [];
  const probes: StringProbe[] = [];
  let rotation = 0;
  const payload = () => {
    const value = hostileStrings[rotation % (hostileStrings.length - 1)] as string;
    rotation += 1;
    return value;
  };
  for (const field of Object.values(query.getFields())) {
    const selection = leafSelection(field.type);
    for (const arg of field.args) {
      const named = getNamedType(arg.type);
      if (isStringLike(named)) {
        const value = payload();
        const wrapped = wrapValue(arg.type, value);
        probes.push({
          field: field.name,
          path: arg.name,
          payload: value,
          body: {
            query: `query Probe($v: ${String(arg.type)}) { ${field.name}(${arg.name}: $v) ${selection} }`,
            variables: { v: wrapped },
          },
        });
      } else if (isInputObjectType(named) && arg.name === "where") {
        for (const property of Object.values(named.getFields())) {
          const filter = getNamedType(property.type);
          if (!isInputObjectType(filter)) continue;
          // One operator per property, rotating through eq/contains/startsWith/…: every property is probed,
          // every operator is probed somewhere, and the run stays a few hundred requests.
          const operators = Object.values(filter.getFields()).filter((operator) =>
            isStringLike(getNamedType(operator.type)),
          );
          for (const operator of operators.length > 0 ? [operators[rotation % operators.length]] : []) {
            if (!operator) continue;
            const value = payload();
            probes.push({
              field: field.name,
              path: `where.${property.name}.${operator.name}`,
              payload: value,
              body: {
                query: `query Probe($w: ${named.name}) { ${field.name}(where: $w) ${selection} }`,
                variables: { w: { [property.name]: { [operator.name]: wrapValue(operator.type, value) } } },
              },
            });
          }
        }
      }
    }
  }
  return probes;
}

function isStringLike(type: GraphQLNamedType): boolean {
  return isScalarType(type) && (type.name === "String" || type.name === "ID");
}

/** `value` inside as many lists as `type` has (`[T!]` → `[value]`). */
function wrapValue(type: GraphQLInputType, value: unknown): unknown {
  if (isNonNullType(type)) return wrapValue(type.ofType, value);
  if (isListType(type)) return [wrapValue(type.ofType, value)];
  return value;
}

/** A small selection that makes the resolver read the graph: ids of a list, the count of a connection. */
function leafSelection(type: GraphQLOutputType): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return "";
  if (!isObjectType(named) && !isInterfaceType(named)) return "{ __typename }";
  const fields = named.getFields();
  if (fields.id) return "{ id }";
  if (fields.totalCount) return "{ totalCount }";
  return "{ __typename }";
}
