// Merging the records of several files (or of one editing request) into one plan: entities by id, facts by
// subject, predicate and object, then each fact's ends joined to the entities of every file.
import { type ModelRules, pairKey } from "../model/index.ts";
import {
  type CitationRow,
  type EntityRecord,
  type FactRecord,
  type FileRows,
  type NodeRow,
  nodeRow,
} from "./rows.ts";
import { type SourceRank, sourceRank } from "./statements.ts";

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
  /** The rank of each source this run imports (see `compareRanks`). */
  ranks: Map<string, SourceRank>;
  publishers: { sourceId: string; organizationId: string }[];
  /** Entities by type, each with the statements of this run's sources. */
  entities: Map<string, EntityRecord[]>;
  /** Facts by predicate, each with the statements of this run's sources. */
  facts: Map<string, FactRecord[]>;
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

/** One file's records; the editing API's come without a source (each citation names its own). */
export type MergeInput = Omit<FileRows, "source"> & { source?: FileRows["source"] };

/** Whitespace as quotes are compared: any run of it is one space, so line breaks in a source do not matter. */
export function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, " ");
}

/**
 * Merges files one by one, in the order given (`add`), then joins their facts to the entities of all files
 * (`finish`); problems found on the way collect in `problems`. A "file" may come without a source (the
 * editing API's records, whose citations name their sources one by one): only its records are merged.
 */
export function recordMerger(rules: ModelRules, wording: MergeWording = importWording): RecordMerger {
  return new RecordMerger(rules, wording);
}

interface PendingFact {
  display: string;
  index: number;
  predicate: string;
  subject: string;
  object: string;
}

class RecordMerger {
  readonly problems: string[] = [];
  private readonly sources = new Map<string, NodeRow>();
  private readonly ranks = new Map<string, SourceRank>();
  private readonly publishers: ImportPlan["publishers"] = [];
  private readonly entities = new Map<string, { type: string; row: EntityRecord; origin: RecordOrigin }>();
  private readonly facts = new Map<string, { predicate: string; row: FactRecord; origin: RecordOrigin }>();
  private readonly pendingFacts: PendingFact[] = [];

  constructor(
    private readonly rules: ModelRules,
    private readonly wording: MergeWording,
  ) {}

  add(display: string, file: MergeInput, sourceText?: string): void {
    if (file.source && !this.addSource(display, file.source)) return;
    const checkQuotes = this.quoteChecker(display, file.source, sourceText);
    this.addEntities(display, file.entities, checkQuotes);
    this.addFacts(display, file.facts, checkQuotes);
  }

  finish(): ImportPlan {
    const externalFacts = this.joinFacts();
    return {
      sources: [...this.sources.values()],
      ranks: this.ranks,
      publishers: this.publishers,
      entities: groupRows(this.entities.values(), ({ type }) => type),
      facts: groupRows(this.facts.values(), ({ predicate }) => predicate),
      externalFacts,
      wording: this.wording,
      entityCount: this.entities.size,
      factCount: this.facts.size,
    };
  }

  /** False (and a problem) when another file already has this source: none of the file's records count. */
  private addSource(display: string, source: FileRows["source"]): boolean {
    if (this.sources.has(source.id)) {
      this.problems.push(
        `${display}: source.id: ${source.id} is already the source of another file of this import`,
      );
      return false;
    }
    const { id: sourceId, publisher, ...sourceProps } = source;
    // A field the file no longer gives is written as null (removed): a dropped priority or date must not rank
    // the source's values as before.
    const cleared = { year: null, date: null, priority: null, url: null, file: null, description: null };
    this.sources.set(sourceId, nodeRow(sourceId, { name: source.title, ...cleared, ...sourceProps }, []));
    this.ranks.set(sourceId, sourceRank(source));
    if (publisher) this.publishers.push({ sourceId, organizationId: publisher });
    return true;
  }

  private quoteChecker(display: string, source: FileRows["source"] | undefined, sourceText?: string) {
    return (citations: CitationRow[], at: string) => {
      if (sourceText === undefined || !source) return;
      citations.forEach((item, index) => {
        if (!sourceText.includes(normalizeSpace(item.quote))) {
          this.problems.push(
            `${display}: ${at}.evidence[${index}].quote: not found verbatim in ${source.file}`,
          );
        }
      });
    };
  }

  private addEntities(
    display: string,
    entities: MergeInput["entities"],
    checkQuotes: (citations: CitationRow[], at: string) => void,
  ): void {
    const seenInFile = new Map<string, number>();
    entities.forEach(({ type, row }, index) => {
      const at = `${this.wording.entities}[${index}]`;
      checkQuotes(row.citations, at);
      const first = seenInFile.get(row.id);
      if (first !== undefined) {
        this.problems.push(
          `${display}: ${at}.id: duplicate id ${row.id} (first at ${this.wording.entities}[${first}])`,
        );
        return;
      }
      seenInFile.set(row.id, index);
      const existing = this.entities.get(row.id);
      if (existing && existing.type !== type) {
        this.problems.push(
          `${display}: ${at}.type: ${row.id} is a ${existing.type} in ${existing.origin.file}, not a ${type}`,
        );
        return;
      }
      this.entities.set(row.id, {
        type,
        row: existing ? mergeRecords(existing.row, row) : row,
        origin: existing?.origin ?? { file: display, path: at },
      });
    });
  }

  private addFacts(
    display: string,
    facts: MergeInput["facts"],
    checkQuotes: (citations: CitationRow[], at: string) => void,
  ): void {
    const seenInFile = new Map<string, number>();
    facts.forEach(({ predicate, row }, index) => {
      const at = `${this.wording.facts}[${index}]`;
      checkQuotes(row.citations, at);
      const first = seenInFile.get(row.id);
      if (first !== undefined) {
        this.problems.push(
          `${display}: ${at}: duplicate fact ${predicate} ${row.subject} → ${row.object} (first at ${this.wording.facts}[${first}]); give it several evidence items instead`,
        );
        return;
      }
      seenInFile.set(row.id, index);
      this.pendingFacts.push({ display, index, predicate, subject: row.subject, object: row.object });
      if (!this.rules.predicates.has(predicate)) return;
      const existing = this.facts.get(row.id);
      this.facts.set(row.id, {
        predicate,
        row: existing ? mergeRecords(existing.row, row) : row,
        origin: existing?.origin ?? { file: display, path: at },
      });
    });
  }

  /**
   * Checks that each fact joins types its predicate allows, which can only be told once every file has
   * defined its entities; returns the facts with an end defined in no file, for the writer to find.
   */
  private joinFacts(): ExternalFact[] {
    const externalFacts: ExternalFact[] = [];
    for (const { display, index, predicate, subject: subjectId, object: objectId } of this.pendingFacts) {
      const at = `${this.wording.facts}[${index}]`;
      const rule = this.rules.predicates.get(predicate);
      if (!rule) continue;
      const subject = this.entities.get(subjectId);
      const object = this.entities.get(objectId);
      if (subject && object) {
        if (!rule.pairs.has(pairKey(subject.type, object.type))) {
          const allowed = [...rule.pairs].map((pair) => pair.replace("->", " → ")).join(", ");
          this.problems.push(
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
    return externalFacts;
  }
}

/**
 * One record stated in two files (of different sources): both sources' statements and citations. The values
 * are merged by the writer, with the statements the graph holds from other sources.
 */
function mergeRecords<Record extends EntityRecord | FactRecord>(existing: Record, added: Record): Record {
  return {
    ...existing,
    statements: { ...existing.statements, ...added.statements },
    citations: [...existing.citations, ...added.citations],
  };
}

/** The merged rows, in the order they were first met, grouped under their type or predicate. */
function groupRows<Item extends { row: unknown }>(
  merged: Iterable<Item>,
  keyOf: (item: Item) => string,
): Map<string, Item["row"][]> {
  const groups = new Map<string, Item["row"][]>();
  for (const item of merged) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item.row);
    else groups.set(key, [item.row]);
  }
  return groups;
}
