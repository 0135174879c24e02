import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Driver } from "neo4j-driver";
import { seedFolder } from "../../src/importer/index.ts";

/** The bundled 2022 review: its seed file, its source id and its text. */
export const review = {
  file: path.join(seedFolder, "btech-cop-2022-year-end-review.yaml"),
  sourceFile: path.join(seedFolder, "sources", "btech-cop-2022-year-end-review.txt"),
  sourceId: "source:btech-cop-2022-year-end-review",
};

/** Whitespace-normalised, as the importer compares quotes (a table's tabs and a wrapped line become spaces). */
export const normalizeSpace = (text: string) => text.replace(/\s+/g, " ").trim();

/** The review's text and its headings (the lines in capitals, and "Contact"), read from the source file. */
export async function reviewText(): Promise<{ raw: string; normalized: string; headings: Set<string> }> {
  const raw = await readFile(review.sourceFile, "utf8");
  const lines = raw.split("\n").map((line) => line.trim());
  const headings = new Set(lines.filter((line) => /^[A-Z0-9][A-Z0-9 :-]{3,}$/.test(line)));
  if (lines.includes("Contact")) headings.add("Contact");
  return { raw, normalized: normalizeSpace(raw), headings };
}

export interface CitationRecord {
  source: string;
  section: string;
  quote: string;
  basis: "STATED" | "INFERRED";
  reason: string | null;
}

export interface FactRecord {
  /** The direct relationship's properties (factId, basis, since, role…). */
  relationship: Record<string, unknown>;
  flags: string[] | null;
  citations: CitationRecord[];
}

/**
 * The fact `(subject)-[predicate]->(object)` as stored: the direct relationship, and the citations of the
 * Fact node its `factId` names (which must point at the same two entities). Undefined when there is none.
 */
export async function findFact(
  driver: Driver,
  subject: string,
  predicate: string,
  object: string,
): Promise<FactRecord | undefined> {
  const { records } = await driver.executeQuery(
    `MATCH (s:Entity {id: $subject})-[r]->(o:Entity {id: $object}) WHERE type(r) = $predicate
     MATCH (f:Fact {id: r.factId})-[:SUBJECT]->(s), (f)-[:OBJECT]->(o)
     MATCH (f)-[c:CITED_IN]->(src:Source)
     RETURN properties(r) AS relationship, f.flags AS flags,
            collect(c {source: src.id, .section, .quote, .basis, .reason}) AS citations`,
    { subject, predicate, object },
  );
  return records[0]?.toObject() as FactRecord | undefined;
}

/** The citations of an entity (node), each with its source. */
export async function entityCitations(driver: Driver, id: string): Promise<CitationRecord[]> {
  const { records } = await driver.executeQuery(
    `MATCH (n:Entity {id: $id})-[c:CITED_IN]->(src:Source)
     RETURN c {source: src.id, .section, .quote, .basis, .reason} AS citation`,
    { id },
  );
  return records.map((record) => record.get("citation") as CitationRecord);
}

/** An entity's properties (labels without `Entity` as `type`), or undefined. */
export async function entity(driver: Driver, id: string): Promise<Record<string, unknown> | undefined> {
  const { records } = await driver.executeQuery(
    `MATCH (n:Entity {id: $id})
     RETURN n {.*, type: [label IN labels(n) WHERE label <> 'Entity'][0],
               date: toString(n.date), startDate: toString(n.startDate), endDate: toString(n.endDate)} AS node`,
    { id },
  );
  return records[0]?.get("node") as Record<string, unknown> | undefined;
}
