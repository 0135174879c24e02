import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type ConstDirectiveNode, Kind, parse } from "graphql";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "../config.ts";
import { readTypeDefinitions } from "./definitions.ts";
import { questionTypeDefs } from "./index.ts";

const graphDirectory = path.join(projectRoot, "graph");

/** Every `@cypher` directive of the type definitions, by `Type.field`. */
function cypherDirectives(typeDefs: string): Map<string, ConstDirectiveNode> {
  const found = new Map<string, ConstDirectiveNode>();
  for (const definition of parse(typeDefs).definitions) {
    if (!("fields" in definition) || !definition.fields) continue;
    for (const field of definition.fields) {
      const cypher = field.directives?.find((directive) => directive.name.value === "cypher");
      if (cypher) found.set(`${definition.name.value}.${field.name.value}`, cypher);
    }
  }
  return found;
}

const argument = (directive: ConstDirectiveNode, name: string) => {
  const value = directive.arguments?.find((candidate) => candidate.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
};

describe("readTypeDefinitions", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "graph-definitions-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const graph = (sdl: string, cypher: Record<string, string> = {}) => {
    const directory = mkdtempSync(path.join(scratch, "graph-"));
    writeFileSync(path.join(directory, "api.graphql"), sdl);
    for (const [file, text] of Object.entries(cypher)) {
      mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
      writeFileSync(path.join(directory, file), text);
    }
    return directory;
  };

  it("puts the named file's Cypher into @cypher(statement:), keeping the other arguments and directives", () => {
    const statement = String.raw`RETURN apoc.text.regreplace($q, '([\\-"])', '\\\\$1') AS hit // """`;
    const directory = graph(
      `type Query {
        hits(q: String!): [String!]! @cypher(statementFile: "questions/hits.cypher", columnName: "hit")
        plain: Int @cypher(statement: "RETURN 1 AS one", columnName: "one")
      }`,
      { "questions/hits.cypher": `${statement}\n` },
    );
    const directives = cypherDirectives(readTypeDefinitions(directory, "api.graphql"));
    const hits = directives.get("Query.hits");
    expect(hits && argument(hits, "statement")).toBe(statement);
    expect(hits && argument(hits, "columnName")).toBe("hit");
    expect(hits?.arguments?.map((each) => each.name.value)).not.toContain("statementFile");
    const plain = directives.get("Query.plain");
    expect(plain && argument(plain, "statement")).toBe("RETURN 1 AS one");
  });

  it("resolves fields of type extensions too", () => {
    const directory = graph(
      `extend type Company { rank: Int @cypher(statementFile: "rank.cypher", columnName: "rank") }`,
      { "rank.cypher": "RETURN 1 AS rank" },
    );
    const rank = cypherDirectives(readTypeDefinitions(directory, "api.graphql")).get("Company.rank");
    expect(rank && argument(rank, "statement")).toBe("RETURN 1 AS rank");
  });

  it("names the file and the field when the Cypher file is missing", () => {
    const directory = graph(
      `type Query { gone: Int @cypher(statementFile: "questions/gone.cypher", columnName: "n") }`,
    );
    expect(() => readTypeDefinitions(directory, "api.graphql")).toThrow(
      'api.graphql: Query.gone: @cypher\'s statementFile "questions/gone.cypher" does not exist in graph/.',
    );
  });

  it("refuses a directive with both a statement and a file, and a file outside graph/", () => {
    const both = graph(
      `type Query { n: Int @cypher(statement: "RETURN 1 AS n", statementFile: "n.cypher", columnName: "n") }`,
      { "n.cypher": "RETURN 2 AS n" },
    );
    expect(() => readTypeDefinitions(both, "api.graphql")).toThrow(
      "api.graphql: Query.n: @cypher takes either statement or statementFile, not both.",
    );
    const outside = graph(
      `type Query { n: Int @cypher(statementFile: "../elsewhere.cypher", columnName: "n") }`,
    );
    expect(() => readTypeDefinitions(outside, "api.graphql")).toThrow("is outside graph/");
  });
});

describe("graph/questions.graphql", () => {
  const written = parse(readFileSync(path.join(graphDirectory, "questions.graphql"), "utf8"));
  const resolved = cypherDirectives(questionTypeDefs);

  it("takes every question's Cypher from the graph/questions/*.cypher file it names", () => {
    const named = new Map<string, string>();
    for (const definition of written.definitions) {
      if (!("fields" in definition) || !definition.fields) continue;
      for (const field of definition.fields) {
        const cypher = field.directives?.find((directive) => directive.name.value === "cypher");
        const file = cypher && argument(cypher, "statementFile");
        expect(cypher && argument(cypher, "statement"), `${field.name.value}: Cypher inline`).toBeUndefined();
        if (file) named.set(`${definition.name.value}.${field.name.value}`, file);
      }
    }
    expect([...named.keys()].sort()).toEqual([...resolved.keys()].sort());
    for (const [field, file] of named) {
      const directive = resolved.get(field);
      expect(directive && argument(directive, "statement"), field).toBe(
        readFileSync(path.join(graphDirectory, file), "utf8").trimEnd(),
      );
    }
  });

  it("names every file of graph/questions/, so none lies there unused", () => {
    const files = readdirSync(path.join(graphDirectory, "questions")).map((file) => `questions/${file}`);
    const named = readFileSync(path.join(graphDirectory, "questions.graphql"), "utf8");
    for (const file of files) expect(named, `${file} is named by no field`).toContain(`"${file}"`);
  });
});
