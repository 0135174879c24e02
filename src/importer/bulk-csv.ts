// A validated import plan as the CSV files of `neo4j-admin database import full`: the very nodes, properties and
// relationships the Cypher writer (src/importer/write.ts) creates on an empty graph, computed by the importer's
// own functions (entityRow, factRow, toNeo4jTypes, sourceTypes), only written to files instead of sent.
import { createWriteStream, type WriteStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { stringify } from "csv-stringify/sync";
import neo4j from "neo4j-driver";
import type { BulkImportFile, BulkImportFiles } from "../bulk-target.ts";
import type { ModelRules } from "../model/index.ts";
import type { ImportPlan } from "./plan.ts";
import { ImportError } from "./plan.ts";
import { entityRow, factRow } from "./resolve.ts";
import { toNeo4jTypes } from "./restate.ts";
import type { CitationRow } from "./rows.ts";
import { sourceTypes } from "./write.ts";

/**
 * Separates the items of a list property in a field. A control character no seed text is expected to hold;
 * one that does is refused by name rather than split.
 */
export const arrayDelimiter = "\u001f";

/** One file of the import (its header file, then its rows), what `neo4j-admin` is told about it, its rows. */
export interface CsvFile extends BulkImportFile {
  rows: number;
}

/** The files of one bulk import, and how many of each kind of record they hold. */
export interface CsvSet extends BulkImportFiles {
  nodes: CsvFile[];
  relationships: CsvFile[];
  counts: { nodes: number; relationships: number };
}

/** A node or relationship's properties, typed as the Cypher writer would send them. */
type Properties = Record<string, unknown>;

/**
 * Writes the CSV files of a plan into `folder` (which must exist and be empty). The graph must be empty: no
 * record the plan does not define can be joined, and a fact whose end is in no file is refused with the
 * problem the Cypher writer reports for it (file, record, field).
 */
export async function writeImportCsv(plan: ImportPlan, rules: ModelRules, folder: string): Promise<CsvSet> {
  refuseExternalReferences(plan);
  const files = new CsvFolder(folder);
  const cited = files.relationships("CITED_IN");
  const citationsOf = async (id: string, citations: CitationRow[]) => {
    for (const citation of citations) {
      await cited.add(id, citation.sourceId, {
        section: citation.section,
        quote: citation.quote,
        basis: citation.basis,
        reason: citation.reason,
        about: citation.about,
      });
    }
  };

  const sources = files.nodes("Entity:Source");
  for (const source of plan.sources) {
    const row = { ...source, props: sourceTypes(source.props) };
    await sources.add(row.id, { ...row.props, id: row.id, importHash: row.hash });
    await citationsOf(row.id, row.citations);
  }
  for (const [type, records] of plan.entities) {
    const declared = rules.entityTypes.get(type);
    const nodes = files.nodes(`Entity:${type}`);
    for (const record of records) {
      const row = entityRow(record, record.statements, plan.ranks, declared ?? new Map());
      await nodes.add(row.id, { ...toNeo4jTypes(row.props, declared), id: row.id, importHash: row.hash });
      await citationsOf(row.id, row.citations);
    }
  }
  const published = files.relationships("PUBLISHED");
  const publishers = new Set<string>();
  for (const { sourceId, organizationId } of plan.publishers) {
    // MERGEd by the Cypher writer: one relationship per pair, however often it is stated.
    if (publishers.has(`${organizationId} ${sourceId}`)) continue;
    publishers.add(`${organizationId} ${sourceId}`);
    await published.add(organizationId, sourceId, {});
  }
  const factNodes = files.nodes("Fact");
  const subjects = files.relationships("SUBJECT");
  const objects = files.relationships("OBJECT");
  for (const [predicate, records] of plan.facts) {
    const declared = rules.predicates.get(predicate)?.properties;
    const direct = files.relationships(predicate);
    for (const record of records) {
      const row = factRow(record, record.statements, plan.ranks, declared ?? new Map());
      await factNodes.add(row.id, {
        ...toNeo4jTypes(row.props, undefined),
        id: row.id,
        importHash: row.hash,
      });
      await subjects.add(row.id, row.subject, {});
      await objects.add(row.id, row.object, {});
      await direct.add(row.subject, row.object, {
        ...toNeo4jTypes(row.relationshipProps, declared),
        factId: row.id,
        basis: row.props.basis,
      });
      await citationsOf(row.id, row.citations);
    }
  }
  return files.close();
}

/**
 * On an empty graph every end of a fact that no file of the run defines is missing: the Cypher writer's
 * problem for it (checkExternalReferences in src/importer/write.ts), worded the same.
 */
function refuseExternalReferences(plan: ImportPlan): void {
  const problems: string[] = [];
  for (const { origin, subject, object } of plan.externalFacts) {
    for (const [role, end] of [
      ["subject", subject],
      ["object", object],
    ] as const) {
      if (!end.type)
        problems.push(`${origin.file}: ${origin.path}.${role}: ${end.id} ${plan.wording.notFound}`);
    }
  }
  if (problems.length > 0) throw new ImportError(problems);
}

/** How a value is typed in a CSV header (`name:string`, `aliases:string[]`), from its JavaScript value. */
function csvType(value: unknown, where: () => string): string {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      throw new ImportError([
        `${where()}: an empty list cannot be written by the bulk importer; use --no-bulk`,
      ]);
    }
    const types = new Set(value.map((item) => csvType(item, where)));
    const [only] = types;
    if (types.size !== 1 || only === undefined || only.endsWith("[]")) {
      throw new ImportError([`${where()}: a list of mixed or nested values; use --no-bulk`]);
    }
    return `${only}[]`;
  }
  if (typeof value === "string") return "string";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return "double";
  if (neo4j.isInt(value)) return "long";
  if (neo4j.isDate(value)) return "date";
  throw new ImportError([`${where()}: a value of a type the bulk importer does not write; use --no-bulk`]);
}

/** A value as its CSV field holds it: null (an empty field) for an absent one. */
function csvValue(value: unknown, where: () => string): string | number | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    return value
      .map((item) => {
        const text = String(csvValue(item, where));
        if (text.includes(arrayDelimiter)) {
          throw new ImportError([`${where()}: a list item holds the character U+001F; use --no-bulk`]);
        }
        return text;
      })
      .join(arrayDelimiter);
  }
  if (typeof value === "number" || typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "true" : "false";
  return String(value);
}

/** Rows buffered before they are turned into CSV and written. */
const chunkRows = 2_000;

/** One file of a group: its columns so far (each with one type), and the stream its rows go to. */
interface OpenFile {
  columns: Map<string, string>;
  pending: unknown[][];
  header: string;
  body: string;
  out: WriteStream;
  multiline: boolean;
  count: number;
}

/**
 * One group of files of the same labels (or relationship type), written as rows come: a file's header goes
 * in a file of its own, written last, since a column is added when a row first has its property (earlier
 * rows end before it, which `neo4j-admin` reads as absent). A property has one type per header: a row whose
 * property has another type than the file's goes to another file with its own header.
 */
class CsvGroup {
  private readonly files: OpenFile[] = [];

  constructor(
    private readonly folder: string,
    readonly labelsOrType: string,
    private readonly head: string[],
    private readonly stem: string,
  ) {}

  /** Adds one row (its id or ends first, then its properties), placed in the first file it fits. */
  async addRow(keys: string[], props: Properties, where: () => string): Promise<void> {
    const defined: [string, unknown, string][] = [];
    for (const [name, value] of Object.entries(props)) {
      if (value === null || value === undefined) continue;
      defined.push([name, value, csvType(value, () => `${where()}.${name}`)]);
    }
    let file = this.files.find((candidate) =>
      defined.every(([name, , type]) => (candidate.columns.get(name) ?? type) === type),
    );
    if (!file) {
      const base = path.join(this.folder, `${this.stem}-${this.files.length + 1}`);
      file = {
        columns: new Map(),
        pending: [],
        header: `${base}.header.csv`,
        body: `${base}.csv`,
        out: createWriteStream(`${base}.csv`),
        multiline: false,
        count: 0,
      };
      this.files.push(file);
    }
    for (const [name, , type] of defined) if (!file.columns.has(name)) file.columns.set(name, type);
    const byName = new Map(defined.map(([name, value]) => [name, value]));
    const fields: unknown[] = [...keys];
    for (const name of file.columns.keys()) {
      const field = csvValue(byName.get(name), () => `${where()}.${name}`);
      if (typeof field === "string" && (field.includes("\n") || field.includes("\r"))) file.multiline = true;
      fields.push(field);
    }
    // A row may end before the header does (its missing fields are absent), but not with empty fields:
    // neo4j-admin reads a line that ends in a delimiter short of the header's width as going on.
    while (fields.length > keys.length && fields.at(-1) === null) fields.pop();
    file.pending.push(fields);
    file.count += 1;
    if (file.pending.length >= chunkRows) await flush(file);
  }

  /** Ends the group's files and writes their headers. */
  async write(): Promise<CsvFile[]> {
    const written: CsvFile[] = [];
    for (const file of this.files) {
      await flush(file);
      await new Promise<void>((resolve, reject) =>
        file.out.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
      const header = [...this.head, ...[...file.columns].map(([name, type]) => `${name}:${type}`)];
      await writeFile(file.header, stringify([header]));
      written.push({
        paths: [file.header, file.body],
        labelsOrType: this.labelsOrType,
        multiline: file.multiline,
        rows: file.count,
      });
    }
    return written;
  }
}

async function flush(file: OpenFile): Promise<void> {
  if (file.pending.length === 0) return;
  const text = stringify(file.pending, { quoted_string: true });
  file.pending = [];
  await writeText(file.out, text);
}

function writeText(out: WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (out.write(text)) return resolve();
    const settle = (error?: Error) => {
      out.off("drain", settle).off("error", settle);
      if (error) reject(error);
      else resolve();
    };
    out.on("drain", settle).on("error", settle);
  });
}

/** The node and relationship groups of one import, in one folder. */
class CsvFolder {
  private readonly nodeGroups = new Map<string, CsvGroup>();
  private readonly relationshipGroups = new Map<string, CsvGroup>();

  constructor(private readonly folder: string) {}

  nodes(labels: string) {
    let group = this.nodeGroups.get(labels);
    if (!group) {
      group = new CsvGroup(this.folder, labels, [":ID(Node)"], `nodes-${this.nodeGroups.size + 1}`);
      this.nodeGroups.set(labels, group);
    }
    const target = group;
    return {
      add: (id: string, props: Properties) => target.addRow([id], props, () => id),
    };
  }

  relationships(type: string) {
    let group = this.relationshipGroups.get(type);
    if (!group) {
      group = new CsvGroup(
        this.folder,
        type,
        [":START_ID(Node)", ":END_ID(Node)"],
        `relationships-${this.relationshipGroups.size + 1}`,
      );
      this.relationshipGroups.set(type, group);
    }
    const target = group;
    return {
      add: (from: string, to: string, props: Properties) =>
        target.addRow([from, to], props, () => `${type} ${from} → ${to}`),
    };
  }

  async close(): Promise<CsvSet> {
    const nodes: CsvFile[] = [];
    for (const group of this.nodeGroups.values()) nodes.push(...(await group.write()));
    const relationships: CsvFile[] = [];
    for (const group of this.relationshipGroups.values()) relationships.push(...(await group.write()));
    const sum = (files: CsvFile[]) => files.reduce((total, file) => total + file.rows, 0);
    return {
      nodes,
      relationships,
      arrayDelimiter,
      counts: { nodes: sum(nodes), relationships: sum(relationships) },
    };
  }
}
