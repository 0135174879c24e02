import type { Transaction } from "neo4j-driver";
import { restateRecords } from "../importer/restate.ts";
import { editingStatements, type ModelRules } from "../model/index.ts";
import { refusal } from "./plan.ts";

/** One citation of a fact to withdraw (graph/editing.graphql: CitationRetraction). */
export interface CitationRetraction {
  factId: string;
  source: string;
  section: string;
  quote: string;
}

/**
 * Withdraws citations of facts. Every one must exist, else nothing is withdrawn. A source left with no
 * citation of a fact no longer states it: its statement goes, and the fact is merged again from the others'
 * (its basis STATED if any remaining citation states it). A fact left with no citation is removed with its
 * direct relationship, so that no fact stays without evidence. The fact's import digest changes with its
 * citations, so the next import of the source writes what its file says again.
 */
export async function retractCitations(
  tx: Transaction,
  retractions: CitationRetraction[],
  rules: ModelRules,
): Promise<{ citationsRemoved: number; factsRemoved: string[] }> {
  const rows = retractions.map((retraction, index) => ({ ...retraction, index }));
  const { records } = await tx.run(editingStatements["citations-to-retract"], { rows });
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

  const { records: removed } = await tx.run(editingStatements["retract-citations"], { rows });
  const restated = await restateRecords(
    tx,
    (removed[0]?.get("factIds") as string[] | undefined) ?? [],
    [],
    rules,
  );
  return {
    citationsRemoved: Number(removed[0]?.get("citationsRemoved") ?? 0),
    factsRemoved: restated.deleted,
  };
}
