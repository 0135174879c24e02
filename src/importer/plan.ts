import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { CORE_SCHEMA, load, YAMLException } from "js-yaml";
import { derivedProperties, formatPath, periodPattern, type SeedFile, seedFileSchema } from "./format.ts";
import { type ModelRules, pairKey } from "./model.ts";

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

/** One citation of an entity or fact by a source. */
export interface CitationRow {
  sourceId: string;
  section: string;
  quote: string;
  basis: "STATED" | "INFERRED";
  reason: string | null;
}

export interface NodeRow {
  id: string;
  props: Record<string, unknown>;
  citations: CitationRow[];
  /** Digest of everything imported for this row, to tell unchanged from updated. */
  hash: string;
}

export interface FactRow extends NodeRow {
  subject: string;
  object: string;
  /** Properties of the direct relationship (since, role, status…). */
  relationshipProps: Record<string, unknown>;
}

/** Where a record came from, to point at it in an error found later, in the database. */
export interface RecordOrigin {
  file: string;
  path: string;
}

/** Everything one import run writes, validated and merged across its files. */
export interface ImportPlan {
  sources: NodeRow[];
  publishers: { sourceId: string; organizationId: string }[];
  entities: Map<string, NodeRow[]>;
  facts: Map<string, FactRow[]>;
  /** Ids that facts refer to but no file of this run defines: they must already be in the graph. */
  externalReferences: Map<
    string,
    { origin: RecordOrigin; predicate: string; role: "subject" | "object"; otherType?: string }
  >;
  entityCount: number;
  factCount: number;
}

export interface PlanOptions {
  /** Files larger than this are refused before parsing. */
  maxFileBytes?: number;
}

const defaultMaxFileBytes = 64 * 1024 * 1024;

/** Reads, parses and validates seed files; throws an {@link ImportError} listing every problem. */
export async function planImport(
  files: string[],
  rules: ModelRules,
  options: PlanOptions = {},
): Promise<ImportPlan> {
  const problems: string[] = [];
  const parsed: { file: string; display: string; data: SeedFile; sourceText?: string }[] = [];
  for (const file of files) {
    const display = path.relative(process.cwd(), file) || file;
    const data = await readSeedFile(
      file,
      display,
      rules,
      options.maxFileBytes ?? defaultMaxFileBytes,
      problems,
    );
    if (!data) continue;
    let sourceText: string | undefined;
    if (data.source.file) {
      const sourcePath = path.resolve(path.dirname(file), data.source.file);
      if (existsSync(sourcePath)) sourceText = normalizeSpace(await readFile(sourcePath, "utf8"));
      else problems.push(`${display}: source.file: ${JSON.stringify(data.source.file)} does not exist`);
    }
    parsed.push({ file, display, data, ...(sourceText !== undefined ? { sourceText } : {}) });
  }
  if (problems.length > 0) throw new ImportError(problems);
  const plan = mergeFiles(parsed, rules, problems);
  if (problems.length > 0) throw new ImportError(problems);
  return plan;
}

async function readSeedFile(
  file: string,
  display: string,
  rules: ModelRules,
  maxBytes: number,
  problems: string[],
): Promise<SeedFile | undefined> {
  if (!existsSync(file)) {
    problems.push(`${display}: no such file`);
    return undefined;
  }
  const size = (await stat(file)).size;
  if (size > maxBytes) {
    problems.push(
      `${display}: ${(size / 1e6).toFixed(1)} MB is larger than the ${maxBytes / 1e6} MB a seed file may be; split it`,
    );
    return undefined;
  }
  const data = parseYaml(await readFile(file, "utf8"), display, problems);
  if (data === undefined) return undefined;
  const result = seedFileSchema(rules).safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push(`${display}: ${formatPath(issue.path) || "(top level)"}: ${issue.message}`);
    }
    return undefined;
  }
  return result.data;
}

/** Thrown from the parser's listener at the first anchor, to stop before any alias is expanded. */
class AnchorFound extends Error {}

/**
 * Parses one YAML document safely: the core schema only (no timestamps, no `!!js/function` or any other tag
 * outside it), duplicate keys an error rather than a silent overwrite, and no anchors: a seed never needs
 * them, and anchors with their aliases are how "billion laughs" bombs expand. js-yaml rather than `yaml`:
 * on a 100,000-record file it parses about ten times faster.
 */
function parseYaml(text: string, display: string, problems: string[]): unknown {
  try {
    // An anchor needs an `&`: text without one is parsed without the listener, which costs a quarter of
    // the parse on big files.
    const data = load(text, {
      schema: CORE_SCHEMA,
      json: false,
      ...(text.includes("&")
        ? {
            listener(event: string, state: unknown) {
              if (event === "close" && (state as { anchor?: string | null }).anchor) throw new AnchorFound();
            },
          }
        : {}),
    });
    if (data === undefined || data === null) {
      problems.push(`${display}: the file is empty`);
      return undefined;
    }
    return data;
  } catch (error) {
    if (error instanceof AnchorFound) {
      problems.push(`${display}: YAML anchors (&name) and aliases (*name) are not allowed in seed files`);
    } else if (error instanceof YAMLException) {
      const where = error.mark ? `line ${error.mark.line + 1}, column ${error.mark.column + 1}: ` : "";
      const tag = /^unknown tag !<(.+)>$/.exec(error.reason)?.[1];
      problems.push(
        `${display}: ${where}${tag ? `the YAML tag ${tag} is not allowed in seed files` : error.reason}`,
      );
    } else {
      throw error;
    }
    return undefined;
  }
}

function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, " ");
}

function mergeFiles(
  files: { file: string; display: string; data: SeedFile; sourceText?: string }[],
  rules: ModelRules,
  problems: string[],
): ImportPlan {
  const sources = new Map<string, NodeRow>();
  const publishers: ImportPlan["publishers"] = [];
  const entities = new Map<string, { type: string; row: NodeRow; origin: RecordOrigin }>();
  const facts = new Map<string, { predicate: string; row: FactRow; origin: RecordOrigin }>();
  const pendingFacts: {
    display: string;
    sourceId: string;
    index: number;
    fact: SeedFile["facts"][number];
  }[] = [];

  for (const { display, data, sourceText } of files) {
    const sourceId = data.source.id;
    if (sources.has(sourceId)) {
      problems.push(
        `${display}: source.id: ${sourceId} is already the source of another file of this import`,
      );
      continue;
    }
    const { id: _id, publisher, ...sourceProps } = data.source;
    sources.set(sourceId, nodeRow(sourceId, { name: data.source.title, ...sourceProps }, []));
    if (publisher) publishers.push({ sourceId, organizationId: publisher });

    const checkQuotes = (evidence: SeedFile["entities"][number]["evidence"], at: string) => {
      evidence.forEach((item, index) => {
        if (sourceText !== undefined && !sourceText.includes(normalizeSpace(item.quote))) {
          problems.push(
            `${display}: ${at}.evidence[${index}].quote: not found verbatim in ${data.source.file}`,
          );
        }
      });
    };
    const citationsOf = (evidence: SeedFile["entities"][number]["evidence"]): CitationRow[] =>
      evidence.map((item) => ({
        sourceId,
        section: item.section,
        quote: item.quote,
        basis: item.basis,
        reason: item.reason ?? null,
      }));

    const seenInFile = new Map<string, number>();
    data.entities.forEach((entity, index) => {
      const at = `entities[${index}]`;
      checkQuotes(entity.evidence, at);
      const first = seenInFile.get(entity.id);
      if (first !== undefined) {
        problems.push(`${display}: ${at}.id: duplicate id ${entity.id} (first at entities[${first}])`);
        return;
      }
      seenInFile.set(entity.id, index);
      const props = entityProps(entity, rules.entityTypes.get(entity.type) ?? new Map());
      const existing = entities.get(entity.id);
      if (existing && existing.type !== entity.type) {
        problems.push(
          `${display}: ${at}.type: ${entity.id} is a ${existing.type} in ${existing.origin.file}, not a ${entity.type}`,
        );
        return;
      }
      const merged = existing
        ? nodeRow(entity.id, { ...existing.row.props, ...definedOnly(props) }, [
            ...existing.row.citations,
            ...citationsOf(entity.evidence),
          ])
        : nodeRow(entity.id, props, citationsOf(entity.evidence));
      entities.set(entity.id, {
        type: entity.type,
        row: merged,
        origin: existing?.origin ?? { file: display, path: at },
      });
    });

    const factsInFile = new Map<string, number>();
    data.facts.forEach((fact, index) => {
      const at = `facts[${index}]`;
      checkQuotes(fact.evidence, at);
      const key = factId(fact.predicate, fact.subject, fact.object);
      const first = factsInFile.get(key);
      if (first !== undefined) {
        problems.push(
          `${display}: ${at}: duplicate fact ${fact.predicate} ${fact.subject} → ${fact.object} (first at facts[${first}]); give it several evidence items instead`,
        );
        return;
      }
      factsInFile.set(key, index);
      pendingFacts.push({ display, sourceId, index, fact });
    });
  }

  const externalReferences: ImportPlan["externalReferences"] = new Map();
  for (const { display, sourceId, index, fact } of pendingFacts) {
    const at = `facts[${index}]`;
    const rule = rules.predicates.get(fact.predicate);
    if (!rule) continue;
    const subject = entities.get(fact.subject);
    const object = entities.get(fact.object);
    if (subject && object && !rule.pairs.has(pairKey(subject.type, object.type))) {
      const allowed = [...rule.pairs].map((pair) => pair.replace("->", " → ")).join(", ");
      problems.push(
        `${display}: ${at}: ${fact.predicate} does not join a ${subject.type} to a ${object.type} (it joins ${allowed})`,
      );
      continue;
    }
    for (const [role, ref, other] of [
      ["subject", fact.subject, object],
      ["object", fact.object, subject],
    ] as const) {
      if (!entities.has(ref) && !externalReferences.has(ref)) {
        externalReferences.set(ref, {
          origin: { file: display, path: `${at}.${role}` },
          predicate: fact.predicate,
          role,
          ...(other ? { otherType: other.type } : {}),
        });
      }
    }
    const id = factId(fact.predicate, fact.subject, fact.object);
    const citations = fact.evidence.map((item) => ({
      sourceId,
      section: item.section,
      quote: item.quote,
      basis: item.basis,
      reason: item.reason ?? null,
    }));
    const existing = facts.get(id);
    const allCitations = [...(existing?.row.citations ?? []), ...citations];
    const flags = [
      ...new Set([...((existing?.row.props.flags as string[] | undefined) ?? []), ...(fact.flags ?? [])]),
    ];
    // Every declared property is written, absent ones as null, so a property removed from the file is
    // removed from the graph.
    const given = { ...(existing?.row.relationshipProps ?? {}), ...definedOnly(fact.properties ?? {}) };
    const relationshipProps = Object.fromEntries(
      [...rule.properties.keys()].map((name) => [name, given[name] ?? null]),
    );
    const props = {
      predicate: fact.predicate,
      subjectId: fact.subject,
      objectId: fact.object,
      basis: allCitations.some((citation) => citation.basis === "STATED") ? "STATED" : "INFERRED",
      flags: flags.length > 0 ? flags : null,
    };
    const row: FactRow = {
      ...nodeRow(id, props, allCitations, relationshipProps),
      subject: fact.subject,
      object: fact.object,
      relationshipProps,
    };
    facts.set(id, {
      predicate: fact.predicate,
      row,
      origin: existing?.origin ?? { file: display, path: at },
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
    externalReferences,
    entityCount: entities.size,
    factCount: facts.size,
  };
}

/** The stable id of a fact: one per (predicate, subject, object), whatever the number of sources. */
export function factId(predicate: string, subject: string, object: string): string {
  return `fact:${predicate.toLowerCase()}:${subject}:${object}`;
}

/** An entity's node properties: every declared property is written, absent ones as null (removing them). */
function entityProps(
  entity: SeedFile["entities"][number],
  declared: Map<string, unknown>,
): Record<string, unknown> {
  const given = entity.properties ?? {};
  const props: Record<string, unknown> = {
    name: entity.name,
    description: entity.description ?? null,
    aliases: entity.aliases ?? null,
    // The full-text index reads one string; lists are not indexed.
    aliasText: entity.aliases?.join(" | ") ?? null,
    flags: entity.flags ?? null,
  };
  for (const name of declared.keys()) {
    if (!derivedProperties.has(name)) props[name] = given[name] ?? null;
  }
  if (declared.has("startDate"))
    Object.assign(props, dateRange(given.date as string | undefined, given.period as string | undefined));
  return props;
}

/** The first and last day an event may fall on, from its day or its period. */
export function dateRange(
  date: string | undefined,
  period: string | undefined,
): { startDate: string | null; endDate: string | null } {
  if (date) return { startDate: date, endDate: date };
  const match = period ? periodPattern.exec(period) : null;
  if (!match) return { startDate: null, endDate: null };
  const year = Number(match[1]);
  const [firstMonth, lastMonth] = match[2]
    ? [Number(match[2]), Number(match[2])]
    : match[3]
      ? [match[3] === "1" ? 1 : 7, match[3] === "1" ? 6 : 12]
      : match[4]
        ? [Number(match[4]) * 3 - 2, Number(match[4]) * 3]
        : [1, 12];
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, "0");
  return { startDate: `${year}-${pad(firstMonth)}-01`, endDate: `${year}-${pad(lastMonth)}-${pad(lastDay)}` };
}

function definedOnly(props: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(props).filter(([, value]) => value !== null && value !== undefined),
  );
}

function nodeRow(
  id: string,
  props: Record<string, unknown>,
  citations: CitationRow[],
  extra?: Record<string, unknown>,
): NodeRow {
  const hash = createHash("sha256")
    .update(JSON.stringify([props, citations, extra ?? null]))
    .digest("base64url");
  return { id, props, citations, hash };
}
