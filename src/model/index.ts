// The model, read from graph/: its type definitions and what follows from them (the entity types, the
// predicates and the pairs of types each may join, the properties each may carry, the shape of an id), and
// the type definitions (with their Cypher) of the API's features. Every feature that needs to know the model
// asks here; this module imports nothing but configuration, and no other module reads graph/.
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  Kind,
  type ObjectTypeDefinitionNode,
  parse,
  type TypeNode,
} from "graphql";
import { graphDirectory } from "../cypher-files.ts";
import { readTypeDefinitions } from "./definitions.ts";
import { readStatements } from "./statements.ts";

export { fillPlaceholders, withoutSelectors } from "./statements.ts";

/** The model's type definitions, as written in graph/schema.graphql. */
export const typeDefs = readFileSync(path.join(graphDirectory, "schema.graphql"), "utf8");

/**
 * The API's custom questions (graph/questions.graphql), each `@cypher` statement read from the file its
 * `statementFile` names (graph/questions/<field>.cypher).
 */
export const questionTypeDefs = readTypeDefinitions(graphDirectory, "questions.graphql");

/** The analytics fields of the API (graph/analytics.graphql); their resolvers are src/analytics/'s. */
export const analyticsTypeDefs = readTypeDefinitions(graphDirectory, "analytics.graphql");

/**
 * The Cypher of analytics (graph/analytics/<name>.cypher): projections, GDS calls, estimates, write-back and
 * the server facts it reads. `{{procedure}}`-style placeholders are filled by src/analytics/ from its
 * registry with {@link fillPlaceholders}; `{{paths}}` with a bipartite preset's statement.
 */
export const analyticsStatements = readStatements(graphDirectory, "analytics", [
  "bipartite-company-theme",
  "bipartite-expert-theme",
  "bipartite-links",
  "centrality",
  "communities",
  "count-nodes",
  "entity",
  "entity-types",
  "estimate",
  "graph-version",
  "has-gds",
  "heap-max",
  "louvain",
  "path-evidence",
  "progress",
  "project-bipartite",
  "project-types",
  "projection-drop",
  "projection-estimate",
  "relationship-type-counts",
  "shortest-path",
  "shortest-path-estimate",
  "similarity",
  "wcc",
  "writeback",
  "writeback-clear",
] as const);

/** The Cypher of exports (graph/export/<name>.cypher): the selections and the reads of nodes and edges. */
export const exportStatements = readStatements(graphDirectory, "export", [
  "entity-exists",
  "load-edges",
  "load-nodes",
  "select-all",
  "select-neighbourhood",
  "select-theme",
  "select-year",
] as const);

/** The Cypher the selectors `asOf` and `source` of exports and analytics share (graph/selectors/). */
export const selectorStatements = readStatements(graphDirectory, "selectors", ["source-ids"] as const);

/**
 * The Cypher of the importer (graph/importer/<name>.cypher): the schema look-ups before an import, the reads
 * of what the graph holds, the writes of nodes and facts (one statement per kind of write, whatever the type
 * or predicate), merging records again, and the bookkeeping of imports in parts. `{{index}}` of drop-index is
 * filled with the name of one of graph/constraints.cypher's indexes.
 */
export const importerStatements = readStatements(graphDirectory, "importer", [
  "await-indexes",
  "citations-by-sources",
  "create-facts",
  "create-facts-between-new-entities",
  "create-nodes",
  "database-is-empty",
  "delete-entities",
  "delete-facts",
  "delete-run-mark",
  "delete-sources",
  "discard-run-entities",
  "discard-run-facts",
  "drop-citations-of-sources",
  "drop-index",
  "entity-types",
  "existing-entities",
  "existing-facts",
  "facts-losing-an-end",
  "graph-is-empty",
  "held-records",
  "interrupted-runs",
  "mark-run-complete",
  "record-count",
  "records-citing-sources",
  "restate-entities",
  "restate-facts",
  "show-constraints",
  "show-indexes",
  "source-ids",
  "source-ranks",
  "untag-run-entities",
  "untag-run-facts",
  "update-facts",
  "update-facts-adding-citations",
  "update-nodes",
  "update-nodes-adding-citations",
  "write-publishers",
] as const);

/**
 * The Cypher of the editing API (graph/editing/<name>.cypher); `{{invariant}}` of invariant-violations is
 * filled with one of {@link invariantStatements}.
 */
export const editingStatements = readStatements(graphDirectory, "editing", [
  "citations-to-retract",
  "invariant-violations",
  "retract-citations",
  "sources-found",
] as const);

/**
 * The graph's invariants (graph/editing/invariants/<name>.cypher), each returning one `id` per record that
 * breaks it; parameters `$types`, `$predicates`, `$pairs` and `$idPattern`.
 */
export const invariantStatements = readStatements(graphDirectory, "editing/invariants", [
  "cited-entities",
  "cited-facts",
  "complete-citations",
  "fact-basis",
  "fact-ends",
  "fact-ids",
  "one-direct-relationship",
  "relationship-facts",
  "relationship-pairs",
  "typed-entities",
  "unique-ids",
  "well-formed-ids",
] as const);

/**
 * The Cypher of the tallies every write keeps (graph/tallies/): the recount of given entities, the entities an
 * import in parts touched, every entity with a tally, and whether any lacks one.
 */
export const tallyStatements = readStatements(graphDirectory, "tallies", [
  "counted",
  "missing",
  "refresh",
  "run-ends",
] as const);
/** The Cypher of the explorer page's server side (graph/explorer/): the size of the graph. */
export const explorerStatements = readStatements(graphDirectory, "explorer", ["entity-count"] as const);

/** The Cypher of the API's own plumbing (graph/api/): the availability gate's probe. */
export const apiStatements = readStatements(graphDirectory, "api", ["ping"] as const);

/** The `@node` types of graph/schema.graphql that implement `Entity` (Source included), in the order listed. */
export function entityLabels(document: DocumentNode = parse(typeDefs)): string[] {
  return document.definitions
    .filter((definition) => definition.kind === Kind.OBJECT_TYPE_DEFINITION)
    .filter((definition) => directive(definition, "node"))
    .filter((definition) => definition.interfaces?.some((iface) => iface.name.value === "Entity"))
    .map((definition) => definition.name.value);
}

/** Every `@node` type of graph/schema.graphql (Source and Fact included), in the order listed. */
export function nodeLabels(document: DocumentNode = parse(typeDefs)): string[] {
  return document.definitions
    .filter((definition) => definition.kind === Kind.OBJECT_TYPE_DEFINITION)
    .filter((definition) => directive(definition, "node"))
    .map((definition) => definition.name.value);
}

/** The statements of graph/constraints.cypher, comments left out, placeholders as written. */
const constraintFileStatements: readonly string[] = readFileSync(
  path.join(graphDirectory, "constraints.cypher"),
  "utf8",
)
  .split("\n")
  .filter((line) => !line.trimStart().startsWith("//"))
  .join("\n")
  .split(";")
  .map((statement) => statement.trim())
  .filter(Boolean);

/** Where graph/constraints.cypher asks for one statement per `@node` type (`$NodeType`, `$node_type`). */
const perNodeType = /\$NodeType\b/;

/**
 * One uniqueness constraint on `id` per `@node` type, named `<type>_id` in snake case (`company_id`,
 * `fact_id`): graph/constraints.cypher's statement with `$NodeType`, written once per type, with the names the
 * file gave them by hand before they were derived, so an existing database gets no second constraint.
 *
 * @example idConstraintStatements(parse("type Venue @node { id: ID! }"))
 * // ["CREATE CONSTRAINT venue_id IF NOT EXISTS FOR (n:Venue) REQUIRE n.id IS UNIQUE"]
 */
export function idConstraintStatements(document: DocumentNode = parse(typeDefs)): string[] {
  const template = constraintFileStatements.find((statement) => perNodeType.test(statement));
  if (!template) throw new Error("graph/constraints.cypher has no statement for each `$NodeType`");
  return nodeLabels(document).map((label) =>
    template
      .replaceAll("$NodeType", label)
      .replaceAll("$node_type", label.replace(/(?<=[a-z0-9])(?=[A-Z])/g, "_").toLowerCase()),
  );
}

/** Where graph/constraints.cypher asks for the model's entity types as a label list (`FOR (n:$entityTypes)`). */
const entityTypesPlaceholder = /\$entityTypes\b/g;

/**
 * The constraints and indexes the graph relies on, each IF NOT EXISTS: the `id` constraint of every `@node`
 * type (see {@link idConstraintStatements}), then the other statements of graph/constraints.cypher, with
 * `$entityTypes` replaced by the model's entity labels joined by `|` (see {@link entityLabels}).
 */
export const constraintStatements: readonly string[] = [
  ...idConstraintStatements(),
  ...constraintFileStatements
    .filter((statement) => !perNodeType.test(statement))
    .map((statement) => statement.replace(entityTypesPlaceholder, entityLabels().join("|"))),
];

/** A full-text index of graph/constraints.cypher: what it covers, and the statement that creates it. */
export interface FullTextIndex {
  name: string;
  labels: readonly string[];
  properties: readonly string[];
  statement: string;
}

/** Reads a full-text index's name, labels and properties off its CREATE statement, or undefined for others. */
export function parseFullTextIndex(statement: string): FullTextIndex | undefined {
  const match =
    /^CREATE\s+FULLTEXT\s+INDEX\s+(\w+)\s+IF\s+NOT\s+EXISTS\s+FOR\s+\(\s*(\w+)\s*:\s*([\w|\s]+)\)\s+ON\s+EACH\s+\[([^\]]*)\]/i.exec(
      statement,
    );
  if (!match) return undefined;
  const [, name = "", variable = "", labels = "", properties = ""] = match;
  return {
    name,
    labels: labels.split("|").map((label) => label.trim()),
    properties: properties.split(",").map((property) => property.trim().replace(`${variable}.`, "")),
    statement,
  };
}

/** The full-text indexes of graph/constraints.cypher, so that start-up can tell a stale one from the model's. */
export const fullTextIndexes: readonly FullTextIndex[] = constraintStatements.flatMap(
  (statement) => parseFullTextIndex(statement) ?? [],
);

/** The source documents and their text (graph/documents.graphql); the resolver of `text` is src/documents/'s. */
export const documentTypeDefs = readTypeDefinitions(graphDirectory, "documents.graphql");

/** The editing API (graph/editing.graphql); its resolvers are src/editing/'s. */
export const editingTypeDefs = readTypeDefinitions(graphDirectory, "editing.graphql");

/** What every entity id looks like: `<type>:<slug>`, e.g. `company:telefonica` (graph/README.md). */
export const idPattern = /^[a-z]+:[a-z0-9][a-z0-9-]*$/;

/** A property an entity or a fact may carry, as graph/schema.graphql declares it. */
export interface PropertyRule {
  /** `String`, `Int`, `Date`, or an enum's name. */
  type: string;
  list: boolean;
  /** The allowed values when `type` is an enum. */
  values?: readonly string[];
}

/** What the importer may write, read off graph/schema.graphql so the two cannot disagree. */
export interface ModelRules {
  /** Node types that implement `Entity` (all but `Fact`), with their own properties. */
  entityTypes: Map<string, Map<string, PropertyRule>>;
  /** Each predicate (relationship type): which types it joins and the properties it may carry. */
  predicates: Map<string, { pairs: Set<string>; properties: Map<string, PropertyRule> }>;
}

/** Fields every entity has, handled by the importer itself rather than as free properties. */
const entityCoreFields = new Set(["id", "name", "description", "flags", "aliases", "sources"]);
/** Relationship properties every fact has: its fact, its basis, and its validity (from the `valid` block). */
const factCoreFields = new Set([
  "factId",
  "basis",
  "validFrom",
  "validUntil",
  "validFromDate",
  "validUntilDate",
  "validityBasis",
]);
/** Relationships that carry provenance rather than facts. */
const provenanceRelationships = new Set(["CITED_IN", "SUBJECT", "OBJECT"]);

export const pairKey = (subjectType: string, objectType: string) => `${subjectType}->${objectType}`;

/** Derives the importer's rules from the type definitions. */
export function deriveModelRules(document: DocumentNode = parse(typeDefs)): ModelRules {
  const objects = new Map<string, ObjectTypeDefinitionNode>();
  const enums = new Map<string, string[]>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION) objects.set(definition.name.value, definition);
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION) {
      enums.set(
        definition.name.value,
        (definition.values ?? []).map((value) => value.name.value),
      );
    }
  }

  const propertyRule = (type: TypeNode): PropertyRule => {
    const named = namedType(type);
    const values = enums.get(named);
    return { type: named, list: isList(type), ...(values ? { values } : {}) };
  };
  const scalarFields = (definition: ObjectTypeDefinitionNode, skip: Set<string>) =>
    new Map(
      (definition.fields ?? [])
        .filter((field) => !skip.has(field.name.value) && !directive(field, "relationship"))
        .filter((field) => !directive(field, "cypher"))
        .map((field) => [field.name.value, propertyRule(field.type)] as const),
    );

  const entityTypes = new Map<string, Map<string, PropertyRule>>();
  for (const [name, definition] of objects) {
    const implementsEntity = definition.interfaces?.some((iface) => iface.name.value === "Entity");
    if (directive(definition, "node") && implementsEntity && name !== "Source") {
      entityTypes.set(name, scalarFields(definition, entityCoreFields));
    }
  }

  const predicates: ModelRules["predicates"] = new Map();
  for (const [typeName, definition] of objects) {
    if (!entityTypes.has(typeName)) continue;
    for (const field of definition.fields ?? []) {
      const relationship = directive(field, "relationship");
      if (!relationship) continue;
      const predicate = stringArgument(relationship, "type");
      const direction = enumArgument(relationship, "direction");
      const target = namedType(field.type);
      if (!predicate || provenanceRelationships.has(predicate) || !entityTypes.has(target)) continue;
      const propertiesType = stringArgument(relationship, "properties");
      const rule = predicates.get(predicate) ?? {
        pairs: new Set<string>(),
        properties: new Map<string, PropertyRule>(),
      };
      rule.pairs.add(direction === "OUT" ? pairKey(typeName, target) : pairKey(target, typeName));
      const propertiesDefinition = propertiesType ? objects.get(propertiesType) : undefined;
      if (propertiesDefinition) {
        for (const [name, propertyRuleOfField] of scalarFields(propertiesDefinition, factCoreFields)) {
          rule.properties.set(name, propertyRuleOfField);
        }
      }
      predicates.set(predicate, rule);
    }
  }
  return { entityTypes, predicates };
}

let typeNames: { nodeTypes: readonly string[]; relationshipTypes: readonly string[] } | undefined;
/**
 * The model's entity types (the `@node` types implementing Entity, but Source) and relationship types (the
 * Predicate enum), in the order graph/schema.graphql lists them.
 */
export function modelTypeNames(): { nodeTypes: readonly string[]; relationshipTypes: readonly string[] } {
  if (!typeNames) {
    const document = parse(typeDefs);
    const predicates = document.definitions.find(
      (definition) => definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === "Predicate",
    );
    typeNames = {
      nodeTypes: [...deriveModelRules(document).entityTypes.keys()],
      relationshipTypes:
        predicates?.kind === Kind.ENUM_TYPE_DEFINITION
          ? (predicates.values ?? []).map((value) => value.name.value)
          : [],
    };
  }
  return typeNames;
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

function isList(type: TypeNode): boolean {
  if (type.kind === Kind.LIST_TYPE) return true;
  return type.kind === Kind.NON_NULL_TYPE ? isList(type.type) : false;
}

function directive(
  node: FieldDefinitionNode | ObjectTypeDefinitionNode,
  name: string,
): ConstDirectiveNode | undefined {
  return node.directives?.find((candidate) => candidate.name.value === name);
}

function stringArgument(node: ConstDirectiveNode, name: string): string | undefined {
  const value = node.arguments?.find((argument) => argument.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
}

function enumArgument(node: ConstDirectiveNode, name: string): string | undefined {
  const value = node.arguments?.find((argument) => argument.name.value === name)?.value;
  return value?.kind === Kind.ENUM ? value.value : undefined;
}
