// A validated import plan as the CSV files of `neo4j-admin database import full`: the very nodes, properties and
// relationships the Cypher writer (src/importer/write.ts) creates on an empty graph, computed by the importer's
// own functions (entityRow, factRow, toNeo4jTypes, sourceTypes), only written to files instead of sent.
import { closeSync, openSync, writeFileSync, writeSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import neo4j from "neo4j-driver";
import type { BulkImportFile, BulkImportFiles } from "../bulk-target.ts";
import type { ModelRules } from "../model/index.ts";
import { planTallies } from "./bulk-tallies.ts";
import type { ImportPlan } from "./plan.ts";
import { ImportError } from "./plan.ts";
import { entityRow, factRow } from "./resolve.ts";
import { toNeo4jTypes } from "./restate.ts";
import type { CitationRow, FactRecord } from "./rows.ts";
import { startWorker } from "./worker.ts";
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

/** Facts one message to the CSV thread carries: its copy is made while the thread writes the earlier ones. */
const factsPerMessage = 10_000;

/** Below this many facts a second thread costs more to start (about half a second) than it saves. */
const factsForASecondThread = 20_000;

/**
 * Writes the CSV files of a plan into `folder` (which must exist and be empty). The graph must be empty: no
 * record the plan does not define can be joined, and a fact whose end is in no file is refused with the
 * problem the Cypher writer reports for it (file, record, field). With `threads` 2 (the default when the plan
 * has many facts and the machine two cores), a worker thread writes part of the facts while this thread writes
 * the sources, the entities and the rest: the step is bound by the CPU of one thread otherwise.
 */
export async function writeImportCsv(
  plan: ImportPlan,
  rules: ModelRules,
  folder: string,
  { threads = plan.factCount >= factsForASecondThread && availableParallelism() > 1 ? 2 : 1 } = {},
): Promise<CsvSet> {
  refuseExternalReferences(plan);
  const { here, there } = shareFacts(plan, threads);
  const elsewhere = there.length > 0 ? writeFactsInAThread(there, plan.ranks, rules, folder) : undefined;
  const files = new CsvFolder(folder, "main");
  try {
    writeSourcesAndEntities(plan, rules, files);
    writeFacts(here, plan.ranks, rules, files);
  } catch (error) {
    files.abandon();
    await elsewhere?.catch(() => undefined);
    throw error;
  }
  const written = files.close();
  if (!elsewhere) return written;
  const other = await elsewhere;
  return {
    nodes: [...written.nodes, ...other.nodes],
    relationships: [...written.relationships, ...other.relationships],
    arrayDelimiter,
    counts: {
      nodes: written.counts.nodes + other.counts.nodes,
      relationships: written.counts.relationships + other.counts.relationships,
    },
  };
}

/** Facts of one predicate, as a thread writes them. */
export type FactShare = [predicate: string, records: FactRecord[]];

/**
 * The facts this thread writes and those the worker thread writes: the worker takes about half of all the
 * records (a fact costs about what an entity does), the first facts in plan order, since this thread also has
 * the sources and entities.
 */
function shareFacts(plan: ImportPlan, threads: number): { here: FactShare[]; there: FactShare[] } {
  const all = [...plan.facts];
  if (threads < 2) return { here: all, there: [] };
  let left = Math.min(plan.factCount, Math.round((plan.entityCount + plan.factCount) / 2));
  const here: FactShare[] = [];
  const there: FactShare[] = [];
  for (const [predicate, records] of all) {
    const taken = Math.min(left, records.length);
    if (taken > 0) there.push([predicate, records.slice(0, taken)]);
    if (taken < records.length) here.push([predicate, records.slice(taken)]);
    left -= taken;
  }
  return { here, there };
}

/** What the CSV thread (bulk-csv-worker.ts) is sent: facts, then `done`. */
export type CsvThreadMessage = { facts: FactShare } | { done: true };

/** What the CSV thread answers once: its files, or the refusal or failure that stopped it. */
export type CsvThreadAnswer = { written: CsvSet } | { problems: string[] } | { error: string };

/** What the CSV thread is started with. */
export interface CsvThreadData {
  rules: ModelRules;
  ranks: ImportPlan["ranks"];
  folder: string;
}

/** Writes `facts` in a worker thread (bulk-csv-worker.ts) into its own files of `folder`. */
function writeFactsInAThread(
  facts: FactShare[],
  ranks: ImportPlan["ranks"],
  rules: ModelRules,
  folder: string,
): Promise<CsvSet> {
  const worker = startWorker("src/importer/bulk-csv-worker.ts", {
    rules,
    ranks,
    folder,
  } satisfies CsvThreadData);
  const answered = new Promise<CsvSet>((resolve, reject) => {
    worker.once("message", (answer: CsvThreadAnswer) => {
      if ("written" in answer) resolve(answer.written);
      else if ("problems" in answer) reject(new ImportError(answer.problems));
      else reject(new Error(`the thread writing CSV files failed: ${answer.error}`));
    });
    worker.once("error", reject);
    worker.once("exit", (code) =>
      reject(new Error(`the thread writing CSV files stopped (exit code ${code})`)),
    );
  });
  for (const [predicate, records] of facts) {
    for (let start = 0; start < records.length; start += factsPerMessage) {
      const message: CsvThreadMessage = { facts: [predicate, records.slice(start, start + factsPerMessage)] };
      worker.postMessage(message);
    }
  }
  worker.postMessage({ done: true } satisfies CsvThreadMessage);
  return answered.finally(() => worker.terminate());
}

/** Adds a record's citations to the folder's CITED_IN files. */
function citationWriter(files: CsvFolder): (id: string, citations: CitationRow[]) => void {
  const cited = files.relationships("CITED_IN");
  return (id, citations) => {
    for (const citation of citations) {
      cited.add(id, citation.sourceId, {
        section: citation.section,
        quote: citation.quote,
        basis: citation.basis,
        reason: citation.reason,
        about: citation.about,
      });
    }
  };
}

/** Writes the sources, the entities (with their tallies, see bulk-tallies.ts) and the publishers. */
function writeSourcesAndEntities(plan: ImportPlan, rules: ModelRules, files: CsvFolder): void {
  const citationsOf = citationWriter(files);

  const sources = files.nodes("Entity:Source");
  for (const source of plan.sources) {
    sources.add(source.id, sourceTypes(source.props), { id: source.id, importHash: source.hash });
    citationsOf(source.id, source.citations);
  }
  const tallyOf = planTallies(plan);
  for (const [type, records] of plan.entities) {
    const declared = rules.entityTypes.get(type);
    const nodes = files.nodes(`Entity:${type}`);
    for (const record of records) {
      const row = entityRow(record, record.statements, plan.ranks, declared ?? new Map());
      const props = toNeo4jTypes(row.props, declared);
      nodes.add(row.id, props, { id: row.id, importHash: row.hash, ...tallyOf(type, row.id, props) });
      citationsOf(row.id, row.citations);
    }
  }
  const published = files.relationships("PUBLISHED");
  const publishers = new Set<string>();
  for (const { sourceId, organizationId } of plan.publishers) {
    // MERGEd by the Cypher writer: one relationship per pair, however often it is stated.
    if (publishers.has(`${organizationId} ${sourceId}`)) continue;
    publishers.add(`${organizationId} ${sourceId}`);
    published.add(organizationId, sourceId, {});
  }
}

/** Writes facts: their nodes, their SUBJECT and OBJECT links, the relationships they stand for, citations. */
export function writeFacts(
  facts: FactShare[],
  ranks: ImportPlan["ranks"],
  rules: ModelRules,
  files: CsvFolder,
): void {
  const citationsOf = citationWriter(files);
  const factNodes = files.nodes("Fact");
  const subjects = files.relationships("SUBJECT");
  const objects = files.relationships("OBJECT");
  const none = {};
  for (const [predicate, records] of facts) {
    const declared = rules.predicates.get(predicate)?.properties;
    const direct = files.relationships(predicate);
    for (const record of records) {
      const row = factRow(record, record.statements, ranks, declared ?? new Map());
      factNodes.add(row.id, toNeo4jTypes(row.props, undefined), { id: row.id, importHash: row.hash });
      subjects.add(row.id, row.subject, none);
      objects.add(row.id, row.object, none);
      direct.add(row.subject, row.object, toNeo4jTypes(row.relationshipProps, declared), {
        factId: row.id,
        basis: row.props.basis,
      });
      citationsOf(row.id, row.citations);
    }
  }
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
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "double";
  if (typeof value === "boolean") return "boolean";
  if (Array.isArray(value)) {
    if (value.length === 0) {
      throw new ImportError([
        `${where()}: an empty list cannot be written by the bulk importer; use --no-bulk`,
      ]);
    }
    const only = csvType(value[0], where);
    if (only.endsWith("[]") || value.some((item) => csvType(item, where) !== only)) {
      throw new ImportError([`${where()}: a list of mixed or nested values; use --no-bulk`]);
    }
    return `${only}[]`;
  }
  if (neo4j.isInt(value)) return "long";
  if (neo4j.isDate(value)) return "date";
  throw new ImportError([`${where()}: a value of a type the bulk importer does not write; use --no-bulk`]);
}

/**
 * A defined value as its CSV field holds it (RFC 4180): text, lists and dates in double quotes (a quote
 * doubled), numbers bare. Written here rather than with csv-stringify, whose per-field options and casts
 * cost more than half of the CSV step at 100k entities (1.5 million rows).
 */
function csvField(value: unknown, where: () => string): string {
  if (typeof value === "string") return quoted(value);
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? '"true"' : '"false"';
  if (Array.isArray(value)) {
    const items = value.map((item) => {
      const text = typeof item === "string" ? item : String(item);
      if (text.includes(arrayDelimiter)) {
        throw new ImportError([`${where()}: a list item holds the character U+001F; use --no-bulk`]);
      }
      return text;
    });
    return quoted(items.join(arrayDelimiter));
  }
  return quoted(String(value));
}

function quoted(text: string): string {
  return text.includes('"') ? `"${text.replaceAll('"', '""')}"` : `"${text}"`;
}

/** Text gathered before it is written to its file: few system calls, little memory. */
const chunkCharacters = 1 << 20;

/** One file of a group: its columns so far (each with one type), and the text not yet written. */
interface OpenFile {
  columns: Map<string, string>;
  /** The columns' names in order, as `columns`' keys. */
  names: string[];
  pending: string;
  header: string;
  body: string;
  descriptor: number;
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
  /** The file each combination of defined properties and types goes to: found once, never changes. */
  private readonly fileOf = new Map<string, OpenFile>();

  constructor(
    private readonly folder: string,
    readonly labelsOrType: string,
    private readonly head: string[],
    private readonly stem: string,
  ) {}

  /**
   * Adds one row (its id or ends first, then its properties, then `more`), placed in the first file it fits.
   * Written synchronously: the files are local and the writes small, and 1.5 million awaited rows at 100k
   * entities cost more than the writing.
   */
  addRow(keys: string, props: Properties, more: Properties, where: () => string): void {
    const names: string[] = [];
    const types: string[] = [];
    let signature = "";
    for (const from of [props, more]) {
      for (const name in from) {
        // As in `{ ...props, ...more }`: a name of `more` replaces the same name of `props`.
        if (from === props && name in more) continue;
        const value = from[name];
        if (value === null || value === undefined) continue;
        const type = csvType(value, () => `${where()}.${name}`);
        names.push(name);
        types.push(type);
        signature += `${name}:${type},`;
      }
    }
    let file = this.fileOf.get(signature);
    if (!file) {
      file =
        this.files.find((candidate) =>
          names.every((name, index) => (candidate.columns.get(name) ?? types[index]) === types[index]),
        ) ?? this.open();
      for (const [index, name] of names.entries()) {
        if (!file.columns.has(name)) {
          file.columns.set(name, types[index] as string);
          file.names.push(name);
        }
      }
      this.fileOf.set(signature, file);
    }
    // A row may end before the header does (its missing fields are absent), but not with empty fields:
    // neo4j-admin reads a line that ends in a delimiter short of the header's width as going on.
    let line = keys;
    let empty = "";
    for (const name of file.names) {
      const value = name in more ? more[name] : props[name];
      if (value === null || value === undefined) {
        empty += ",";
        continue;
      }
      const field = csvField(value, () => `${where()}.${name}`);
      if (!file.multiline && typeof value === "string" && (value.includes("\n") || value.includes("\r")))
        file.multiline = true;
      line += `${empty},${field}`;
      empty = "";
    }
    file.pending += `${line}\n`;
    file.count += 1;
    if (file.pending.length >= chunkCharacters) flush(file);
  }

  private open(): OpenFile {
    const base = path.join(this.folder, `${this.stem}-${this.files.length + 1}`);
    const file: OpenFile = {
      columns: new Map(),
      names: [],
      pending: "",
      header: `${base}.header.csv`,
      body: `${base}.csv`,
      descriptor: openSync(`${base}.csv`, "wx"),
      multiline: false,
      count: 0,
    };
    this.files.push(file);
    return file;
  }

  /** Ends the group's files and writes their headers. */
  write(): CsvFile[] {
    return this.files.map((file) => {
      flush(file);
      closeSync(file.descriptor);
      const header = [...this.head, ...[...file.columns].map(([name, type]) => `${name}:${type}`)];
      writeFileSync(file.header, `${header.map(quoted).join(",")}\n`);
      return {
        paths: [file.header, file.body],
        labelsOrType: this.labelsOrType,
        multiline: file.multiline,
        rows: file.count,
      };
    });
  }

  /** Closes the files still open (after a refused row; the caller removes the folder). */
  abandon(): void {
    for (const file of this.files) closeSync(file.descriptor);
  }
}

function flush(file: OpenFile): void {
  if (file.pending.length === 0) return;
  writeSync(file.descriptor, file.pending);
  file.pending = "";
}

/** The node and relationship groups of one thread's part of an import, in one folder. */
export class CsvFolder {
  private readonly nodeGroups = new Map<string, CsvGroup>();
  private readonly relationshipGroups = new Map<string, CsvGroup>();

  /** `thread` begins the files' names: each thread writes files of its own. */
  constructor(
    private readonly folder: string,
    private readonly thread: string,
  ) {}

  nodes(labels: string) {
    let group = this.nodeGroups.get(labels);
    if (!group) {
      group = new CsvGroup(
        this.folder,
        labels,
        [":ID(Node)"],
        `${this.thread}-nodes-${this.nodeGroups.size + 1}`,
      );
      this.nodeGroups.set(labels, group);
    }
    const target = group;
    return {
      add: (id: string, props: Properties, more: Properties = {}) =>
        target.addRow(quoted(id), props, more, () => id),
    };
  }

  relationships(type: string) {
    let group = this.relationshipGroups.get(type);
    if (!group) {
      group = new CsvGroup(
        this.folder,
        type,
        [":START_ID(Node)", ":END_ID(Node)"],
        `${this.thread}-relationships-${this.relationshipGroups.size + 1}`,
      );
      this.relationshipGroups.set(type, group);
    }
    const target = group;
    return {
      add: (from: string, to: string, props: Properties, more: Properties = {}) =>
        target.addRow(`${quoted(from)},${quoted(to)}`, props, more, () => `${type} ${from} → ${to}`),
    };
  }

  close(): CsvSet {
    const nodes = [...this.nodeGroups.values()].flatMap((group) => group.write());
    const relationships = [...this.relationshipGroups.values()].flatMap((group) => group.write());
    const sum = (files: CsvFile[]) => files.reduce((total, file) => total + file.rows, 0);
    return {
      nodes,
      relationships,
      arrayDelimiter,
      counts: { nodes: sum(nodes), relationships: sum(relationships) },
    };
  }

  abandon(): void {
    for (const group of [...this.nodeGroups.values(), ...this.relationshipGroups.values()]) group.abandon();
  }
}
