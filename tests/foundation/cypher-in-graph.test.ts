// #14: "No GraphQL type definition or Cypher statement of the API inside src/**/*.ts": the Cypher the app runs
// is a file of graph/, read by src/model/ (plumbing, which may not import it, reads graph/runtime/ through
// src/cypher-files.ts). Every string literal and template of src/ is read with TypeScript's own parser, and
// one that reads as a Cypher statement fails here, naming the file and the line. No folder is exempt.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config.ts";

/** A clause that starts a Cypher statement, at the start of the text or of a line. */
const cypherClause = /(^|\n)\s*(MATCH|OPTIONAL MATCH|UNWIND|MERGE|CREATE|CALL|RETURN|SHOW|WITH)\s[^\n]*/;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

/** The text of every string literal and template of a file, with its line. */
function literals(file: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: { line: number; text: string }[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateExpression(node)
    ) {
      const text = ts.isTemplateExpression(node)
        ? [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join("…")
        : node.text;
      found.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("the Cypher of the API", () => {
  it("lives in graph/, not in a string of src/", () => {
    const offenders = sourceFiles(path.join(projectRoot, "src"))
      .map((file) => path.relative(projectRoot, file).split(path.sep).join("/"))
      .flatMap((file) =>
        literals(path.join(projectRoot, file))
          .filter(({ text }) => cypherClause.test(text))
          .map(({ line, text }) => `${file}:${line}: ${text.trim().split("\n")[0]}`),
      );
    expect(offenders).toEqual([]);
  });

  it("is recognised in a string when it is there (the check above can fail)", () => {
    const directory = mkdtempSync(path.join(tmpdir(), "cypher-in-graph-"));
    try {
      const file = path.join(directory, "reader.ts");
      writeFileSync(
        file,
        'export const kept = "plain words";\nexport const query = `\n  UNWIND $ids AS id\n  MATCH (n {id: id}) RETURN n`;\n',
      );
      expect(literals(file).filter(({ text }) => cypherClause.test(text))).toEqual([
        { line: 2, text: "\n  UNWIND $ids AS id\n  MATCH (n {id: id}) RETURN n" },
      ]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
