import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyticsStatements, exportStatements } from "./index.ts";
import { fillPlaceholders, readStatements, withoutSelectors } from "./statements.ts";

describe("readStatements", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "graph-statements-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  /** A graph/ of its own: `files` by path relative to it. */
  const graph = (files: Record<string, string>) => {
    const directory = mkdtempSync(path.join(scratch, "graph-"));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(directory, file)), { recursive: true });
      writeFileSync(path.join(directory, file), text);
    }
    return directory;
  };

  it("hands out each named file's statement, comment lines left out", () => {
    const directory = graph({ "feature/count.cypher": "// how many\nMATCH (n) RETURN count(n)\n" });
    expect(readStatements(directory, "feature", ["count"])).toEqual({ count: "MATCH (n) RETURN count(n)" });
  });

  it("refuses a named file that is missing, naming it", () => {
    const directory = graph({ "feature/count.cypher": "RETURN 1" });
    expect(() => readStatements(directory, "feature", ["count", "sum"])).toThrow(
      "graph/feature/sum.cypher does not exist: src/ reads it.",
    );
  });

  it("refuses a file of the folder that no feature reads", () => {
    const directory = graph({ "feature/count.cypher": "RETURN 1", "feature/stale.cypher": "RETURN 2" });
    expect(() => readStatements(directory, "feature", ["count"])).toThrow(
      "graph/feature/ holds stale.cypher, which no feature reads",
    );
  });

  it("writes a selector predicate of graph/predicates/ in, bound to the statement's variable", () => {
    const directory = graph({
      "predicates/cited.cypher":
        "// cited by $source\nEXISTS { (selected)-[:CITED_IN]->(:Source {id: $source}) }",
      "feature/nodes.cypher": "MATCH (n) WHERE {{cited(n)}} RETURN n",
    });
    expect(readStatements(directory, "feature", ["nodes"]).nodes).toBe(
      "MATCH (n) WHERE (/*selector:cited*/ EXISTS { (n)-[:CITED_IN]->(:Source {id: $source}) } /*end of selector*/) RETURN n",
    );
    expect(withoutSelectors(readStatements(directory, "feature", ["nodes"]).nodes)).toBe(
      "MATCH (n) WHERE true RETURN n",
    );
  });

  it("refuses a selector predicate applied to anything but a variable", () => {
    const directory = graph({
      "predicates/cited.cypher": "EXISTS { (selected)-[:CITED_IN]->(:Source {id: $source}) }",
      "feature/nodes.cypher": "MATCH (n) WHERE {{cited(n.id)}} RETURN n",
    });
    expect(() => readStatements(directory, "feature", ["nodes"])).toThrow(
      "graph/feature/nodes.cypher: {{cited(n.id)}} must name a variable.",
    );
  });

  it("refuses a selector predicate that graph/predicates/ lacks", () => {
    const directory = graph({ "feature/nodes.cypher": "MATCH (n) WHERE {{nowhere(n)}} RETURN n" });
    expect(() => readStatements(directory, "feature", ["nodes"])).toThrow(
      "graph/feature/nodes.cypher: graph/predicates/nowhere.cypher does not exist.",
    );
  });
});

describe("fillPlaceholders", () => {
  it("fills a placeholder with an identifier or with a statement read from graph/", () => {
    expect(fillPlaceholders(analyticsStatements.estimate, { procedure: "gds.pageRank.stream" })).toBe(
      "CALL gds.pageRank.stream.estimate($graphName, $config) YIELD bytesMax RETURN bytesMax",
    );
    const links = fillPlaceholders(analyticsStatements["bipartite-links"], {
      paths: analyticsStatements["bipartite-company-theme"],
    });
    expect(links).toContain(analyticsStatements["bipartite-company-theme"]);
    expect(links).not.toContain("{{");
  });

  it("never takes other text, leaves no placeholder empty, and fills none that is not there", () => {
    expect(() =>
      fillPlaceholders(analyticsStatements.estimate, {
        procedure: "gds.pageRank.stream() MATCH (n) DELETE n //",
      }),
    ).toThrow(/cannot be filled with/);
    expect(() => fillPlaceholders(analyticsStatements.estimate, {})).toThrow(
      "The statement's placeholder {{procedure}} has no value.",
    );
    expect(() =>
      fillPlaceholders(analyticsStatements.estimate, { procedure: "gds.degree.stream", label: "X" }),
    ).toThrow("The statement has no placeholder label.");
  });
});

describe("the statements of graph/", () => {
  it("have every selector predicate written in", () => {
    for (const statement of [...Object.values(analyticsStatements), ...Object.values(exportStatements)]) {
      expect(statement).not.toMatch(/\{\{\w+\(/);
    }
    expect(exportStatements["load-nodes"]).toContain("n.validFromDate <= $asOf");
    for (const statement of Object.values(analyticsStatements)) {
      expect(withoutSelectors(statement)).not.toMatch(/\$asOf|\$source\b/);
    }
  });
});
