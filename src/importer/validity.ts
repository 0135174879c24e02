// When a record holds, and which names an entity went by when: one source's statement of them, and the merge
// of several sources' statements into the properties the graph carries (graph/README.md, "Facts in time").
// Pure, imports nothing from the model, so that a worker thread can load it (see read-pool.ts).
import { boundDays } from "./calendar.ts";
import type { DatedName, Evidence, Validity } from "./format.ts";

export type Basis = "STATED" | "INFERRED";

/** One source's `valid` block as its statement keeps it: the bounds as written, and its evidence's basis. */
export interface ValidStatement {
  from?: string;
  until?: string;
  basis: Basis;
}

/** One bound of a validity as one source gives it: the text as written, and whether the source states it. */
export interface BoundStatement {
  text: string;
  basis: Basis;
}

/** One source's validity of one record, bound by bound: each optional (open where the source is silent). */
export interface ValidityStatement {
  from?: BoundStatement;
  until?: BoundStatement;
}

/** The validity properties of a Fact node, its direct relationship, or an entity; all null when open. */
export interface ValidityProps {
  [key: string]: string | null;
  validFrom: string | null;
  validUntil: string | null;
  validFromDate: string | null;
  validUntilDate: string | null;
  validityBasis: Basis | null;
}

/** STATED if any item of the evidence is. */
export function basisOf(evidence: readonly { basis: Basis }[]): Basis {
  return evidence.some((item) => item.basis === "STATED") ? "STATED" : "INFERRED";
}

/** A checked `valid` block as a statement keeps it (its evidence becomes citations `about: "valid"`). */
export function validStatement(valid: Validity): ValidStatement {
  return {
    ...(valid.from === undefined ? {} : { from: valid.from }),
    ...(valid.until === undefined ? {} : { until: valid.until }),
    basis: basisOf(valid.evidence),
  };
}

/**
 * The fact property that says the year a fact began (`MEMBER_OF.since`): where a fact gives it and its `valid`
 * no `from`, the year is its `from`, with the fact's own basis, so that v1 files answer the questions in time.
 */
export const startYearProperty = "since";

/**
 * One source's validity, bound by bound: its `valid` block, and for a fact whose properties give a start year
 * (`startYear`, see {@link startYearProperty}) and whose `valid` gives no `from`, that year as its `from`.
 */
export function validityBounds(
  valid: ValidStatement | undefined,
  startYear?: { year: unknown; basis: Basis },
): ValidityStatement {
  const bounds: ValidityStatement = {};
  if (valid?.from !== undefined) bounds.from = { text: valid.from, basis: valid.basis };
  else if (typeof startYear?.year === "number")
    bounds.from = { text: String(startYear.year), basis: startYear.basis };
  if (valid?.until !== undefined) bounds.until = { text: valid.until, basis: valid.basis };
  return bounds;
}

/**
 * Merges the validity statements of several sources, given best-ranked first: for each bound, a STATED one
 * beats an INFERRED one, then the better-ranked source wins. The basis is STATED when a winning bound is.
 *
 * @example mergeValidity([{ until: { text: "2022-08", basis: "INFERRED" } }])
 *   // { validFrom: null, validUntil: "2022-08", validFromDate: null, validUntilDate: "2022-08-31", validityBasis: "INFERRED" }
 */
export function mergeValidity(statements: readonly ValidityStatement[]): ValidityProps {
  const pick = (bound: "from" | "until") => {
    const given = statements.flatMap((statement) => (statement[bound] ? [statement[bound]] : []));
    return given.find((candidate) => candidate.basis === "STATED") ?? given[0];
  };
  const from = pick("from");
  const until = pick("until");
  const winners = [from, until].filter((bound) => bound !== undefined);
  return {
    validFrom: from?.text ?? null,
    validUntil: until?.text ?? null,
    validFromDate: from ? (boundDays(from.text)?.first ?? null) : null,
    validUntilDate: until ? (boundDays(until.text)?.last ?? null) : null,
    validityBasis: winners.length === 0 ? null : basisOf(winners),
  };
}

/** One dated name of one source, its evidence aside (it becomes citations `about: "name:<name>"`). */
export interface NameStatement {
  name: string;
  from?: string;
  until?: string;
}

/** The name properties of an entity node (graph/README.md, "Names that change"). */
export interface NameProps {
  name: string;
  /** Every name: the dated ones and each source's `name`, deduplicated, current name first. */
  names: string[];
  /**
   * The dated names in order of their first day, each `name|from|until|first day|last day` (bounds as
   * written, the days they stand for; empty where open), for the questions that ask which name held when.
   */
  nameHistory: string[] | null;
}

/** A source's dated names without their evidence. */
export function nameStatements(names: readonly DatedName[] | undefined): NameStatement[] {
  return (names ?? []).map(({ name, from, until }) => ({
    name,
    ...(from === undefined ? {} : { from }),
    ...(until === undefined ? {} : { until }),
  }));
}

/**
 * Merges the names of several sources, given best-ranked first: the dated names are their union (one per
 * name, from and until); the current name is the dated name still open (no until) that began last, if any
 * source dates its names, else the best-ranked source's `name`.
 */
export function mergeNames(
  statements: readonly { name: string; names: readonly NameStatement[] }[],
): NameProps {
  const dated = new Map<string, NameStatement & { first: string; last: string }>();
  for (const statement of statements) {
    for (const entry of statement.names) {
      const key = `${entry.name}|${entry.from ?? ""}|${entry.until ?? ""}`;
      if (dated.has(key)) continue;
      dated.set(key, {
        ...entry,
        first: entry.from === undefined ? "" : (boundDays(entry.from)?.first ?? ""),
        last: entry.until === undefined ? "" : (boundDays(entry.until)?.last ?? ""),
      });
    }
  }
  const history = [...dated.entries()]
    .sort(([keyA, a], [keyB, b]) => a.first.localeCompare(b.first) || keyA.localeCompare(keyB))
    .map(([, entry]) => entry);
  const open = history.filter((entry) => entry.until === undefined);
  const name = open.at(-1)?.name ?? statements[0]?.name ?? "";
  const names = [
    ...new Set([
      name,
      ...statements.map((statement) => statement.name),
      ...history.map((entry) => entry.name),
    ]),
  ];
  return {
    name,
    names,
    nameHistory:
      history.length === 0
        ? null
        : history.map((entry) =>
            [entry.name, entry.from ?? "", entry.until ?? "", entry.first, entry.last].join("|"),
          ),
  };
}

/** What a citation supports besides the record itself: its validity, or one of its names. */
export function citationAbout(kind: "valid" | { name: string }): string {
  return kind === "valid" ? "valid" : `name:${kind.name}`;
}

/** The evidence items of a record's validity and dated names, each with what it is about. */
export function timeEvidence(
  valid: Validity | undefined,
  names: readonly DatedName[] | undefined,
): { about: string; evidence: Evidence[] }[] {
  return [
    ...(valid ? [{ about: citationAbout("valid"), evidence: valid.evidence }] : []),
    ...(names ?? []).map((entry) => ({
      about: citationAbout({ name: entry.name }),
      evidence: entry.evidence,
    })),
  ];
}
