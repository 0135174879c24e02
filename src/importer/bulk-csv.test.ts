// The CSV files of the bulk path, read back as neo4j-admin reads them: every node and relationship of the plan
// once, typed headers, rows that end at their last value. That neo4j-admin builds the same graph from them as
// the Cypher writer is tests/importer/bulk.int.test.ts's.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deriveModelRules } from "../model/index.ts";
import { type CsvSet, writeImportCsv } from "./bulk-csv.ts";
import { bundledSeedFiles } from "./index.ts";
import { ImportError, type ImportPlan, planImport } from "./plan.ts";

const rules = deriveModelRules();
let folder: string;
let plan: ImportPlan;
let csv: CsvSet;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "btech-graph-bulk-csv-"));
  plan = await planImport(await bundledSeedFiles(), rules);
  csv = await writeImportCsv(plan, rules, folder);
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** A file group's header and rows, parsed as RFC 4180 CSV. */
async function read(paths: string[]): Promise<{ header: string[]; rows: string[][] }> {
  const [headerFile, ...bodies] = paths;
  const [header] = parse(await readFile(headerFile ?? "", "utf8")) as string[][];
  const rows: string[][] = [];
  for (const body of bodies) {
    rows.push(...(parse(await readFile(body, "utf8"), { relax_column_count: true }) as string[][]));
  }
  return { header: header ?? [], rows };
}

describe("writeImportCsv", () => {
  it("writes each source, entity and fact once as a node, under its labels, numbered from 0", async () => {
    const ids = new Map<string, string>();
    const numbers = new Set<number>();
    for (const file of csv.nodes) {
      const { header, rows } = await read(file.paths);
      expect(header[0]).toBe(":ID(Node)");
      const id = header.indexOf("id:string");
      for (const row of rows) {
        expect(ids.has(row[id] ?? ""), row[id]).toBe(false);
        ids.set(row[id] ?? "", file.labelsOrType);
        numbers.add(Number(row[0]));
      }
    }
    expect(csv.idType).toBe("integer");
    expect([...numbers].sort((a, b) => a - b)).toEqual([...numbers.keys()].map((_, index) => index));
    expect(ids.size).toBe(plan.sources.length + plan.entityCount + plan.factCount);
    expect(ids.get("company:google")).toBe("Entity:Company");
    expect([...ids].filter(([, labels]) => labels === "Fact")).toHaveLength(plan.factCount);
  });

  it("joins each fact to its ends three times (SUBJECT, OBJECT, its predicate) and cites every source", async () => {
    const byType = new Map<string, number>();
    for (const file of csv.relationships) {
      const { header, rows } = await read(file.paths);
      expect(header.slice(0, 2)).toEqual([":START_ID(Node)", ":END_ID(Node)"]);
      byType.set(file.labelsOrType, (byType.get(file.labelsOrType) ?? 0) + rows.length);
    }
    expect(byType.get("SUBJECT")).toBe(plan.factCount);
    expect(byType.get("OBJECT")).toBe(plan.factCount);
    const predicates = [...plan.facts].reduce((sum, [predicate]) => sum + (byType.get(predicate) ?? 0), 0);
    expect(predicates).toBe(plan.factCount);
    expect(byType.get("CITED_IN")).toBeGreaterThan(plan.entityCount);
  });

  it("types every column, and ends every row at its last value (no trailing empty field)", async () => {
    for (const file of [...csv.nodes, ...csv.relationships]) {
      const { header } = await read(file.paths);
      for (const column of header.slice(
        file.labelsOrType.includes(":") || file.labelsOrType === "Fact" ? 1 : 2,
      )) {
        expect(column, file.paths[0]).toMatch(/^\w+:(string|long|double|boolean|date)(\[\])?$/);
      }
      for (const body of file.paths.slice(1)) {
        const records = parse(await readFile(body, "utf8"), {
          raw: true,
          relax_column_count: true,
        }) as unknown as {
          raw: string;
        }[];
        for (const { raw } of records) expect(raw.trimEnd().endsWith(","), `${body}: ${raw}`).toBe(false);
      }
    }
  });
});

describe("writeImportCsv's fields", () => {
  it("holds every text as given: quotes, commas, line breaks, a carriage return, non-ASCII letters", async () => {
    const awkward = path.join(import.meta.dirname, "../../tests/fixtures/bulk-csv/awkward-text.yaml");
    const plan = await planImport([awkward], rules);
    const into = await mkdtemp(path.join(tmpdir(), "btech-graph-bulk-csv-fields-"));
    try {
      const written = await writeImportCsv(plan, rules, into);
      const [companies, ...others] = written.nodes.filter((file) => file.labelsOrType === "Entity:Company");
      expect(others).toEqual([]);
      expect(companies?.multiline).toBe(true);
      const { header, rows } = await read(companies?.paths ?? []);
      const id = header.indexOf("id:string");
      const quoted = rows.find((row) => row[id] === "company:test-quoted") ?? [];
      const field = (name: string) => quoted[header.findIndex((column) => column.startsWith(`${name}:`))];
      expect(field("name")).toBe('The "Quoted", Company');
      expect(field("description")).toBe(
        'A first line,\nand a second with "quotes"\r\nand a third: Ça va, Zürich.',
      );
      expect(field("aliases")?.split(csv.arrayDelimiter)).toEqual(['Quoted "Q"', "Q, Inc."]);
      expect(header).toContain("aliases:string[]");
      expect(rows.find((row) => row[id] === "company:test-plain")).toBeDefined();
    } finally {
      await rm(into, { recursive: true, force: true });
    }
  });
});

describe("writeImportCsv with a second thread", () => {
  /**
   * Every node and relationship of a set of files, as sorted lines of its labels or type, ends and fields
   * (absent ones left out: the threads' files have columns of their own).
   */
  async function contents(written: CsvSet): Promise<string[]> {
    const lines: string[] = [];
    for (const file of [...written.nodes, ...written.relationships]) {
      const { header, rows } = await read(file.paths);
      for (const row of rows) {
        const fields = row
          .map((value, index) => `${header[index]}=${value}`)
          .filter((field) => !field.endsWith("="))
          .sort();
        lines.push(`${file.labelsOrType} ${fields.join(" ")}`);
      }
    }
    return lines.sort();
  }

  it("writes the same nodes and relationships as one thread, in files of its own", async () => {
    const into = await mkdtemp(path.join(tmpdir(), "btech-graph-bulk-csv-threads-"));
    try {
      const written = await writeImportCsv(plan, rules, into, { threads: 2 });
      const names = [...written.nodes, ...written.relationships].flatMap((file) => file.paths);
      expect(names.some((name) => path.basename(name).startsWith("thread-"))).toBe(true);
      expect(written.counts).toEqual(csv.counts);
      expect(await contents(written)).toEqual(await contents(csv));
    } finally {
      await rm(into, { recursive: true, force: true });
    }
  });

  it("reports a record the thread cannot write by its fact and field, as this thread would", async () => {
    const [[predicate, facts] = ["", []], ...rest] = [...plan.facts];
    const [first, ...others] = facts;
    if (!first) throw new Error("the seed has no fact");
    const statements = Object.fromEntries(
      Object.entries(first.statements).map(([source, statement]) => [
        source,
        { ...statement, flags: ["a\u001fb"] },
      ]),
    );
    const broken: ImportPlan = {
      ...plan,
      facts: new Map([[predicate, [{ ...first, statements }, ...others]], ...rest]),
    };
    const into = await mkdtemp(path.join(tmpdir(), "btech-graph-bulk-csv-refused-"));
    try {
      const refused = await writeImportCsv(broken, rules, into, { threads: 2 }).catch(
        (error: Error) => error,
      );
      expect(refused).toBeInstanceOf(ImportError);
      expect((refused as Error).message).toContain(
        `${first.id}.flags: a list item holds the character U+001F`,
      );
    } finally {
      await rm(into, { recursive: true, force: true });
    }
  });
});
