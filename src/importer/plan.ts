import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import { type ModelRules, pairKey } from "../model/index.ts";
import { readFiles } from "./read-pool.ts";
import {
  type CitationRow,
  definedOnly,
  type FactRow,
  type FileRows,
  mergeFactRows,
  type NodeRow,
  nodeRow,
} from "./rows.ts";

export type { CitationRow, FactRow, NodeRow } from "./rows.ts";
export { dateRange, factId } from "./rows.ts";

/** Refused input: every problem names the file, the record and the field. */
export class ImportError extends Error {
  override name = "ImportError";
  readonly problems: string[];
  constructor(problems: string[]) {
    const shown = problems.slice(0, 50);
    const more = problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : "";
    super(`Nothing was imported; fix these and run again:\n  ${shown.join("\n  ")}${more}`);
    this.problems = problems;
  }
}

/** Where a record came from, to point at it in an error found later, in the database. */
export interface RecordOrigin {
  file: string;
  path: string;
}

/** A fact whose subject or object (or both) the plan does not define; `type` is set for an end it does. */
export interface ExternalFact {
  origin: RecordOrigin;
  predicate: string;
  subject: { id: string; type?: string };
  object: { id: string; type?: string };
}

/** Everything one import run writes, validated and merged across its files. */
export interface ImportPlan {
  sources: NodeRow[];
  publishers: { sourceId: string; organizationId: string }[];
  entities: Map<string, NodeRow[]>;
  facts: Map<string, FactRow[]>;
  /**
   * Facts with an end that no file of this run defines: that end must already be in the graph, with a type
   * the predicate may join to the other end's (the writer checks, inside its transaction).
   */
  externalFacts: ExternalFact[];
  /** How the writer words the problems it finds in the graph. */
  wording: MergeWording;
  entityCount: number;
  factCount: number;
}

export interface PlanOptions {
  /** Files larger than this are refused before parsing. */
  maxFileBytes?: number;
  /**
   * Worker threads that read and check files beside the main thread, which reads too and merges (see
   * `readFiles`); 0 reads every file on the main thread. By default one per core but one (at most 3) when at
   * least two files are bigger than 1 MB, else 0: a thread costs about half a second to start.
   */
  readThreads?: number;
}

const defaultMaxFileBytes = 64 * 1024 * 1024;
const bigFileBytes = 1_000_000;

/** Reads, parses and validates seed files; throws an {@link ImportError} listing every problem. */
export async function planImport(
  files: string[],
  rules: ModelRules,
  options: PlanOptions = {},
): Promise<ImportPlan> {
  const maxBytes = options.maxFileBytes ?? defaultMaxFileBytes;
  const entries = files.map((file) => ({ file, display: path.relative(process.cwd(), file) || file }));
  const reader = readFiles(
    entries,
    rules,
    maxBytes,
    options.readThreads ?? (await defaultReadThreads(files)),
  );
  // Problems of single files are reported alone if there are any, as when every file was read before merging;
  // the merge runs file by file as they arrive, in the order given, its own problems kept apart until the end.
  const problems: string[] = [];
  const merge = recordMerger(rules);
  try {
    for (const [index, { file, display }] of entries.entries()) {
      const { rows, problems: found } = await reader.take(index);
      problems.push(...found);
      if (!rows) continue;
      let sourceText: string | undefined;
      if (rows.source.file) {
        const sourcePath = path.resolve(path.dirname(file), rows.source.file);
        if (existsSync(sourcePath)) sourceText = normalizeSpace(await readFile(sourcePath, "utf8"));
        else problems.push(`${display}: source.file: ${JSON.stringify(rows.source.file)} does not exist`);
      }
      if (problems.length === 0) merge.add(display, rows, sourceText);
    }
  } finally {
    await reader.close();
  }
  if (problems.length > 0) throw new ImportError(problems);
  const plan = merge.finish();
  if (merge.problems.length > 0) throw new ImportError(merge.problems);
  return plan;
}

async function defaultReadThreads(files: string[]): Promise<number> {
  const sizes = await Promise.all(
    files.map((file) =>
      stat(file).then(
        (found) => found.size,
        () => 0,
      ),
    ),
  );
  const big = sizes.filter((size) => size > bigFileBytes).length;
  return big >= 2 ? Math.max(0, Math.min(availableParallelism() - 1, 3, big - 1)) : 0;
}

function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, " ");
}

/** How problems name the record lists (`entities[3].id`) and say that a fact's end is found nowhere. */
export interface MergeWording {
  entities: string;
  facts: string;
  notFound: string;
}

const importWording: MergeWording = {
  entities: "entities",
  facts: "facts",
  notFound: "is defined in no file of this import and is not in the graph",
};

/**
 * Merges files one by one, in the order given (`add`), then joins their facts to the entities of all files
 * (`finish`); problems found on the way collect in `problems`. A "file" may come without a source (the
 * editing API's records, whose citations name their sources one by one): only its records are merged.
 */
export function recordMerger(rules: ModelRules, wording: MergeWording = importWording) {
  const problems: string[] = [];
  const sources = new Map<string, NodeRow>();
  const publishers: ImportPlan["publishers"] = [];
  const entities = new Map<string, { type: string; row: NodeRow; origin: RecordOrigin }>();
  const facts = new Map<string, { predicate: string; row: FactRow; origin: RecordOrigin }>();
  const pendingFacts: {
    display: string;
    index: number;
    predicate: string;
    subject: string;
    object: string;
  }[] = [];

  const add = (
    display: string,
    file: Omit<FileRows, "source"> & { source?: FileRows["source"] },
    sourceText?: string,
  ) => {
    const { source } = file;
    if (source) {
      if (sources.has(source.id)) {
        problems.push(
          `${display}: source.id: ${source.id} is already the source of another file of this import`,
        );
        return;
      }
      const { id: sourceId, publisher, ...sourceProps } = source;
      sources.set(sourceId, nodeRow(sourceId, { name: source.title, ...sourceProps }, []));
      if (publisher) publishers.push({ sourceId, organizationId: publisher });
    }

    const checkQuotes = (citations: CitationRow[], at: string) => {
      if (sourceText === undefined || !source) return;
      citations.forEach((item, index) => {
        if (!sourceText.includes(normalizeSpace(item.quote))) {
          problems.push(`${display}: ${at}.evidence[${index}].quote: not found verbatim in ${source.file}`);
        }
      });
    };

    const seenInFile = new Map<string, number>();
    file.entities.forEach(({ type, row }, index) => {
      const at = `${wording.entities}[${index}]`;
      checkQuotes(row.citations, at);
      const first = seenInFile.get(row.id);
      if (first !== undefined) {
        problems.push(
          `${display}: ${at}.id: duplicate id ${row.id} (first at ${wording.entities}[${first}])`,
        );
        return;
      }
      seenInFile.set(row.id, index);
      const existing = entities.get(row.id);
      if (existing && existing.type !== type) {
        problems.push(
          `${display}: ${at}.type: ${row.id} is a ${existing.type} in ${existing.origin.file}, not a ${type}`,
        );
        return;
      }
      entities.set(row.id, {
        type,
        row: existing
          ? nodeRow(row.id, { ...existing.row.props, ...definedOnly(row.props) }, [
              ...existing.row.citations,
              ...row.citations,
            ])
          : row,
        origin: existing?.origin ?? { file: display, path: at },
      });
    });

    const factsInFile = new Map<string, number>();
    file.facts.forEach(({ predicate, row }, index) => {
      const at = `${wording.facts}[${index}]`;
      checkQuotes(row.citations, at);
      const first = factsInFile.get(row.id);
      if (first !== undefined) {
        problems.push(
          `${display}: ${at}: duplicate fact ${predicate} ${row.subject} → ${row.object} (first at ${wording.facts}[${first}]); give it several evidence items instead`,
        );
        return;
      }
      factsInFile.set(row.id, index);
      pendingFacts.push({ display, index, predicate, subject: row.subject, object: row.object });
      const rule = rules.predicates.get(predicate);
      if (!rule) return;
      const existing = facts.get(row.id);
      facts.set(row.id, {
        predicate,
        row: existing ? mergeFactRows(existing.row, row, rule.properties) : row,
        origin: existing?.origin ?? { file: display, path: at },
      });
    });
  };

  // Whether a fact joins the right types can only be told once every file has defined its entities.
  const finish = (): ImportPlan => {
    const externalFacts: ExternalFact[] = [];
    for (const { display, index, predicate, subject: subjectId, object: objectId } of pendingFacts) {
      const at = `${wording.facts}[${index}]`;
      const rule = rules.predicates.get(predicate);
      if (!rule) continue;
      const subject = entities.get(subjectId);
      const object = entities.get(objectId);
      if (subject && object) {
        if (!rule.pairs.has(pairKey(subject.type, object.type))) {
          const allowed = [...rule.pairs].map((pair) => pair.replace("->", " → ")).join(", ");
          problems.push(
            `${display}: ${at}: ${predicate} does not join a ${subject.type} to a ${object.type} (it joins ${allowed})`,
          );
        }
        continue;
      }
      externalFacts.push({
        origin: { file: display, path: at },
        predicate,
        subject: { id: subjectId, ...(subject ? { type: subject.type } : {}) },
        object: { id: objectId, ...(object ? { type: object.type } : {}) },
      });
    }

    const entitiesByType = new Map<string, NodeRow[]>();
    for (const { type, row } of entities.values()) {
      const list = entitiesByType.get(type);
      if (list) list.push(row);
      else entitiesByType.set(type, [row]);
    }
    const factsByPredicate = new Map<string, FactRow[]>();
    for (const { predicate, row } of facts.values()) {
      const list = factsByPredicate.get(predicate);
      if (list) list.push(row);
      else factsByPredicate.set(predicate, [row]);
    }
    return {
      sources: [...sources.values()],
      publishers,
      entities: entitiesByType,
      facts: factsByPredicate,
      externalFacts,
      wording,
      entityCount: entities.size,
      factCount: facts.size,
    };
  };
  return { add, finish, problems };
}
