// A validated import plan as the CSV files of `neo4j-admin database import full`: the very nodes, properties and
// relationships the Cypher writer (src/importer/write.ts) creates on an empty graph, computed by the importer's
// own functions (entityRow, factRow, toNeo4jTypes, sourceTypes), only written to files instead of sent.
import { closeSync, openSync, writeFileSync, writeSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import neo4j from "neo4j-driver";
import type { BulkImportFile, BulkImportFiles } from "../bulk-target.ts";
import type { ModelRules } from "../model/index.ts";
import { planTallies } from "./first-load-tallies.ts";
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
const factsPerBatch = 10_000;

/** Below this many facts a second thread costs more to start (about half a second) than it saves. */
const factsForASecondThread = 20_000;

/**
 * Writes the CSV files of a plan into `folder` (which must exist and be empty). The graph must be empty: no
 * record the plan does not define can be joined, and a fact whose end is in no file is refused with the
 * problem the Cypher writer reports for it (file, record, field). With `threads` 2 (the default when the plan
 * has many facts and the machine two cores), a worker thread writes part of the facts while this thread writes
 * the sources, the entities and the rest: the step is bound by the CPU of one thread otherwise.
 *
 * neo4j-admin is given node numbers as ids (`--id-type=integer`): the sources, then the entities, then the
 * facts, in plan order. It maps small integers much faster than the model's long text ids, and the files are
 * a third smaller (at 100k, 304 → 212 MB, and neo4j-admin's own clock 13.7 → 10.4 s under the same load). The `id` property of every node is written as before.
 */
export async function writeImportCsv(
  plan: ImportPlan,
  rules: ModelRules,
  folder: string,
  { threads = plan.factCount >= factsForASecondThread && availableParallelism() > 1 ? 2 : 1 } = {},
): Promise<CsvSet> {
  refuseExternalReferences(plan);
  const numbers = new Map<string, number>();
  for (const { id } of plan.sources) numbers.set(id, numbers.size);
  for (const records of plan.entities.values()) for (const { id } of records) numbers.set(id, numbers.size);
  const sourceNumbers = new Map(plan.sources.map(({ id }) => [id, numbers.get(id) as number]));
  const { here, there } = shareFacts(factBatches(plan, numbers), plan, threads);
  const shared: FactContext = { rules, ranks: plan.ranks, sourceNumbers };
  const thread = there.length > 0 ? writeFactsInAThread(there, shared, folder) : undefined;
  const files = new CsvFolder(folder, "main");
  try {
    writeSourcesAndEntities(plan, rules, numbers, files);
    writeFacts(here, shared, files);
  } catch (error) {
    files.abandon();
    await thread?.stop();
    throw error;
  }
  const written = files.close();
  if (!thread) return written;
  const other = await thread.written;
  return {
    ...written,
    nodes: [...written.nodes, ...other.nodes],
    relationships: [...written.relationships, ...other.relationships],
    counts: {
      nodes: written.counts.nodes + other.counts.nodes,
      relationships: written.counts.relationships + other.counts.relationships,
    },
  };
}

/**
 * Facts of one predicate with their node numbers: the first fact's (the others follow on), and the numbers of
 * each fact's subject and object, two per fact.
 */
export interface FactBatch {
  predicate: string;
  records: FactRecord[];
  first: number;
  ends: Uint32Array;
}

/** What every thread writing facts needs besides the facts. */
export interface FactContext {
  rules: ModelRules;
  ranks: ImportPlan["ranks"];
  sourceNumbers: Map<string, number>;
}

/** The plan's facts in batches, numbered after the sources and entities (`numbers`). */
function factBatches(plan: ImportPlan, numbers: Map<string, number>): FactBatch[] {
  const batches: FactBatch[] = [];
  let next = numbers.size;
  for (const [predicate, all] of plan.facts) {
    for (let start = 0; start < all.length; start += factsPerBatch) {
      const records = all.slice(start, start + factsPerBatch);
      const ends = new Uint32Array(records.length * 2);
      for (let index = 0; index < records.length; index++) {
        const { subject, object } = records[index] as FactRecord;
        // Every end is one of the plan's entities: refuseExternalReferences has checked.
        ends[2 * index] = numbers.get(subject) as number;
        ends[2 * index + 1] = numbers.get(object) as number;
      }
      batches.push({ predicate, records, first: next, ends });
      next += records.length;
    }
  }
  return batches;
}

/**
 * The batches this thread writes and those the worker thread writes: the worker takes about half of all the
 * records (a fact costs about what an entity does), the first facts in plan order, since this thread also has
 * the sources and entities.
 */
function shareFacts(
  batches: FactBatch[],
  plan: ImportPlan,
  threads: number,
): { here: FactBatch[]; there: FactBatch[] } {
  if (threads < 2) return { here: batches, there: [] };
  let left = Math.min(plan.factCount, Math.round((plan.entityCount + plan.factCount) / 2));
  const there: FactBatch[] = [];
  let taken = 0;
  for (const batch of batches) {
    if (left <= 0) break;
    there.push(batch);
    left -= batch.records.length;
    taken += 1;
  }
  return { here: batches.slice(taken), there };
}

/** What the CSV thread (bulk-csv-worker.ts) is sent: batches of facts, then `done`. */
export type CsvThreadMessage = { batch: FactBatch } | { done: true };

/** What the CSV thread answers once: its files, or the refusal or failure that stopped it. */
export type CsvThreadAnswer = { written: CsvSet } | { problems: string[] } | { error: string };

/** What the CSV thread is started with. */
export interface CsvThreadData extends FactContext {
  folder: string;
}

/**
 * Writes `batches` in a worker thread (bulk-csv-worker.ts) into its own files of `folder`; `stop` ends it
 * early (this thread's part failed: the caller removes the folder).
 */
function writeFactsInAThread(
  batches: FactBatch[],
  context: FactContext,
  folder: string,
): { written: Promise<CsvSet>; stop: () => Promise<void> } {
  const worker = startWorker("src/importer/bulk-csv-worker.ts", {
    ...context,
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
  for (const batch of batches) {
    worker.postMessage({ batch } satisfies CsvThreadMessage, [batch.ends.buffer as ArrayBuffer]);
  }
  worker.postMessage({ done: true } satisfies CsvThreadMessage);
  const written = answered.finally(() => worker.terminate());
  return {
    written,
    stop: async () => {
      written.catch(() => undefined);
      await worker.terminate();
    },
  };
}

/** Adds a record's citations to the folder's CITED_IN files. */
function citationWriter(
  files: CsvFolder,
  sourceNumbers: Map<string, number>,
): (id: string, number: number, citations: CitationRow[]) => void {
  const cited = files.relationships("CITED_IN");
  return (id, number, citations) => {
    for (const citation of citations) {
      cited.add(
        number,
        sourceNumbers.get(citation.sourceId) as number,
        {
          section: citation.section,
          quote: citation.quote,
          basis: citation.basis,
          reason: citation.reason,
          about: citation.about,
        },
        {},
        () => `CITED_IN ${id} → ${citation.sourceId}`,
      );
    }
  };
}

/** Writes the sources, the entities (with their tallies, see first-load-tallies.ts) and the publishers. */
function writeSourcesAndEntities(
  plan: ImportPlan,
  rules: ModelRules,
  numbers: Map<string, number>,
  files: CsvFolder,
): void {
  const citationsOf = citationWriter(files, numbers);
  const numberOf = (id: string) => numbers.get(id) as number;

  const sources = files.nodes("Entity:Source");
  for (const source of plan.sources) {
    const number = numberOf(source.id);
    sources.add(number, source.id, sourceTypes(source.props), { id: source.id, importHash: source.hash });
    citationsOf(source.id, number, source.citations);
  }
  const tallyOf = planTallies(plan);
  for (const [type, records] of plan.entities) {
    const declared = rules.entityTypes.get(type);
    const nodes = files.nodes(`Entity:${type}`);
    for (const record of records) {
      const row = entityRow(record, record.statements, plan.ranks, declared ?? new Map());
      const props = toNeo4jTypes(row.props, declared);
      const number = numberOf(row.id);
      nodes.add(number, row.id, props, { id: row.id, importHash: row.hash, ...tallyOf(type, row.id, props) });
      citationsOf(row.id, number, row.citations);
    }
  }
  const published = files.relationships("PUBLISHED");
  const publishers = new Set<string>();
  for (const { sourceId, organizationId } of plan.publishers) {
    // MERGEd by the Cypher writer: one relationship per pair, however often it is stated.
    if (publishers.has(`${organizationId} ${sourceId}`)) continue;
    publishers.add(`${organizationId} ${sourceId}`);
    published.add(
      numberOf(organizationId),
      numberOf(sourceId),
      {},
      {},
      () => `PUBLISHED ${organizationId} → ${sourceId}`,
    );
  }
}

/** Writes facts: their nodes, their SUBJECT and OBJECT links, the relationships they stand for, citations. */
export function writeFacts(
  batches: FactBatch[],
  { rules, ranks, sourceNumbers }: FactContext,
  files: CsvFolder,
): void {
  const citationsOf = citationWriter(files, sourceNumbers);
  const factNodes = files.nodes("Fact");
  const subjects = files.relationships("SUBJECT");
  const objects = files.relationships("OBJECT");
  const none = {};
  for (const { predicate, records, first, ends } of batches) {
    const declared = rules.predicates.get(predicate)?.properties;
    const direct = files.relationships(predicate);
    for (let index = 0; index < records.length; index++) {
      const record = records[index] as FactRecord;
      const row = factRow(record, record.statements, ranks, declared ?? new Map());
      const number = first + index;
      const subject = ends[2 * index] as number;
      const object = ends[2 * index + 1] as number;
      const where = () => `${predicate} ${row.subject} → ${row.object}`;
      factNodes.add(number, row.id, toNeo4jTypes(row.props, undefined), { id: row.id, importHash: row.hash });
      subjects.add(number, subject, none, none, where);
      objects.add(number, object, none, none, where);
      direct.add(
        subject,
        object,
        toNeo4jTypes(row.relationshipProps, declared),
        { factId: row.id, basis: row.props.basis },
        where,
      );
      citationsOf(row.id, number, row.citations);
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

/**
 * How a value is typed in a CSV header (`name:string`, `aliases:string[]`), from its JavaScript value. `where`
 * and `name` say which record and property, in a refusal only: no text is built per field.
 */
function csvType(value: unknown, where: () => string, name: string): string {
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "double";
  if (typeof value === "boolean") return "boolean";
  if (Array.isArray(value)) {
    if (value.length === 0) {
      throw new ImportError([
        `${where()}.${name}: an empty list cannot be written by the bulk importer; use --no-bulk`,
      ]);
    }
    const only = csvType(value[0], where, name);
    if (only.endsWith("[]") || value.some((item) => csvType(item, where, name) !== only)) {
      throw new ImportError([`${where()}.${name}: a list of mixed or nested values; use --no-bulk`]);
    }
    return `${only}[]`;
  }
  if (neo4j.isInt(value)) return "long";
  if (neo4j.isDate(value)) return "date";
  throw new ImportError([
    `${where()}.${name}: a value of a type the bulk importer does not write; use --no-bulk`,
  ]);
}

/**
 * A defined value as its CSV field holds it (RFC 4180): text, lists and dates in double quotes (a quote
 * doubled), numbers bare. Written here rather than with csv-stringify, whose per-field options and casts
 * cost more than half of the CSV step at 100k entities (1.5 million rows).
 */
function csvField(value: unknown, where: () => string, name: string): string {
  if (typeof value === "string") return quoted(value);
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? '"true"' : '"false"';
  if (Array.isArray(value)) {
    const items = value.map((item) => {
      const text = typeof item === "string" ? item : String(item);
      if (text.includes(arrayDelimiter)) {
        throw new ImportError([`${where()}.${name}: a list item holds the character U+001F; use --no-bulk`]);
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
        const type = csvType(value, where, name);
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
      const field = csvField(value, where, name);
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
      /** A node: its number (its id for neo4j-admin), its id (for messages), its properties. */
      add: (number: number, id: string, props: Properties, more: Properties) =>
        target.addRow(String(number), props, more, () => id),
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
      /** A relationship: the numbers of its ends, its properties, and how messages name it. */
      add: (from: number, to: number, props: Properties, more: Properties, where: () => string) =>
        target.addRow(`${from},${to}`, props, more, where),
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
      idType: "integer",
      counts: { nodes: sum(nodes), relationships: sum(relationships) },
    };
  }

  abandon(): void {
    for (const group of [...this.nodeGroups.values(), ...this.relationshipGroups.values()]) group.abandon();
  }
}
