import type { Transaction } from "neo4j-driver";
import { refusal } from "./plan.ts";

/** One citation of a fact to withdraw (graph/editing.graphql: CitationRetraction). */
export interface CitationRetraction {
  factId: string;
  source: string;
  section: string;
  quote: string;
}

/**
 * Withdraws citations of facts. Every one must exist, else nothing is withdrawn. A fact left with no citation
 * is removed with its direct relationship, so that no fact stays without evidence; one left with citations
 * gets the basis they support (STATED if any states it). Its import digest is cleared: what the graph holds
 * no longer matches what was imported, so the next import of its source writes it again.
 */
export async function retractCitations(
  tx: Transaction,
  retractions: CitationRetraction[],
): Promise<{ citationsRemoved: number; factsRemoved: string[] }> {
  const rows = retractions.map((retraction, index) => ({ ...retraction, index }));
  const { records } = await tx.run(
    `UNWIND $rows AS row
     OPTIONAL MATCH (f:Fact {id: row.factId})
     OPTIONAL MATCH (f)-[c:CITED_IN {section: row.section, quote: row.quote}]->(:Source {id: row.source})
     RETURN row.index AS index, f IS NOT NULL AS factFound, count(c) AS found`,
    { rows },
  );
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const record of records) {
    const index = Number(record.get("index"));
    const retraction = retractions[index];
    if (!retraction) continue;
    const at = `retractCitations: input[${index}]`;
    const key = JSON.stringify([retraction.factId, retraction.source, retraction.section, retraction.quote]);
    const first = seen.get(key);
    if (first !== undefined) problems.push(`${at}: the same citation as input[${first}]`);
    seen.set(key, index);
    if (!record.get("factFound")) problems.push(`${at}.factId: ${retraction.factId} is not in the graph`);
    else if (Number(record.get("found")) === 0) {
      problems.push(
        `${at}: ${retraction.factId} has no citation of ${retraction.source} with this section and quote`,
      );
    }
  }
  if (problems.length > 0) throw refusal(problems);

  const { records: outcome } = await tx.run(
    `UNWIND $rows AS row
     MATCH (f:Fact {id: row.factId})-[c:CITED_IN {section: row.section, quote: row.quote}]->(:Source {id: row.source})
     DELETE c
     WITH f, count(*) AS removed
     OPTIONAL MATCH (f)-[left:CITED_IN]->(:Source)
     WITH f, removed, collect(left.basis) AS bases
     OPTIONAL MATCH (:Entity {id: f.subjectId})-[r {factId: f.id}]->(:Entity {id: f.objectId})
     WITH f, f.id AS factId, removed, bases, collect(r) AS links,
          CASE WHEN 'STATED' IN bases THEN 'STATED' ELSE 'INFERRED' END AS basis
     FOREACH (_ IN CASE WHEN size(bases) > 0 THEN [1] ELSE [] END |
       SET f.basis = basis, f.importHash = null
       FOREACH (link IN links | SET link.basis = basis))
     FOREACH (_ IN CASE WHEN size(bases) = 0 THEN [1] ELSE [] END |
       FOREACH (link IN links | DELETE link)
       DETACH DELETE f)
     RETURN sum(removed) AS citationsRemoved, collect(CASE WHEN size(bases) = 0 THEN factId END) AS factsRemoved`,
    { rows },
  );
  const summary = outcome[0];
  return {
    citationsRemoved: Number(summary?.get("citationsRemoved") ?? 0),
    factsRemoved: (summary?.get("factsRemoved") as string[] | undefined) ?? [],
  };
}
