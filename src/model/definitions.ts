// Reads a GraphQL file of graph/ and puts the Cypher of its `@cypher` fields in from the `.cypher` files beside
// it, so that the API's SDL and its Cypher are files of the model rather than strings in TypeScript.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  type ConstArgumentNode,
  type ConstDirectiveNode,
  type DefinitionNode,
  type InterfaceTypeDefinitionNode,
  type InterfaceTypeExtensionNode,
  Kind,
  type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode,
  parse,
  print,
} from "graphql";

/**
 * The type definitions of `file` (a path relative to `graphDirectory`) as a string, with every
 * `@cypher(statementFile: "questions/search.cypher", …)` turned into the `@cypher(statement: "…", …)` that
 * @neo4j/graphql reads: the statement is the text of that file (relative to `graphDirectory`, trailing
 * whitespace dropped). A missing file, a path leaving `graphDirectory`, or a directive that names both a
 * statement and a file fails here, naming the field.
 *
 * @example
 * ```graphql
 * search(phrase: String!): [SearchHit!]!
 *   @cypher(statementFile: "questions/search.cypher", columnName: "hit")
 * ```
 */
export function readTypeDefinitions(graphDirectory: string, file: string): string {
  const document = parse(readFileSync(path.join(graphDirectory, file), "utf8"));
  const definitions = document.definitions.map((definition) => {
    if (!hasFieldDefinitions(definition)) return definition;
    const fields = definition.fields?.map((field) => {
      const where = `${file}: ${definition.name.value}.${field.name.value}`;
      const directives = field.directives?.map((directive) =>
        withStatementFromFile(directive, graphDirectory, where),
      );
      return { ...field, directives };
    });
    return { ...definition, fields };
  });
  return print({ ...document, definitions });
}

/** The definitions whose fields may carry `@cypher` (input types' fields cannot). */
function hasFieldDefinitions(
  definition: DefinitionNode,
): definition is
  | ObjectTypeDefinitionNode
  | ObjectTypeExtensionNode
  | InterfaceTypeDefinitionNode
  | InterfaceTypeExtensionNode {
  return (
    definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
    definition.kind === Kind.OBJECT_TYPE_EXTENSION ||
    definition.kind === Kind.INTERFACE_TYPE_DEFINITION ||
    definition.kind === Kind.INTERFACE_TYPE_EXTENSION
  );
}

function withStatementFromFile(
  directive: ConstDirectiveNode,
  graphDirectory: string,
  where: string,
): ConstDirectiveNode {
  const argumentsOf = directive.arguments ?? [];
  const fileArgument = argumentsOf.find((argument) => argument.name.value === "statementFile");
  if (directive.name.value !== "cypher" || !fileArgument) return directive;
  if (fileArgument.value.kind !== Kind.STRING) {
    throw new Error(`${where}: @cypher's statementFile must be a string (a path relative to graph/).`);
  }
  if (argumentsOf.some((argument) => argument.name.value === "statement")) {
    throw new Error(`${where}: @cypher takes either statement or statementFile, not both.`);
  }
  const statementPath = path.resolve(graphDirectory, fileArgument.value.value);
  const relative = path.relative(graphDirectory, statementPath);
  if (relative.startsWith("..") || path.isAbsolute(relative)) {
    throw new Error(`${where}: @cypher's statementFile "${fileArgument.value.value}" is outside graph/.`);
  }
  if (!existsSync(statementPath)) {
    throw new Error(
      `${where}: @cypher's statementFile "${fileArgument.value.value}" does not exist in graph/.`,
    );
  }
  const statement: ConstArgumentNode = {
    kind: Kind.ARGUMENT,
    name: { kind: Kind.NAME, value: "statement" },
    value: { kind: Kind.STRING, value: readFileSync(statementPath, "utf8").trimEnd(), block: false },
  };
  return {
    ...directive,
    arguments: argumentsOf.map((argument) => (argument === fileArgument ? statement : argument)),
  };
}
