import { readdir } from "node:fs/promises";
import path from "node:path";
import neo4j, { type Driver } from "neo4j-driver";
import { projectRoot } from "../config.ts";
import { deriveModelRules, importerStatements } from "../model/index.ts";
import { ImportError, type PlanOptions, planImport } from "./plan.ts";
import { type Restated, recordsCiting, restateRecords } from "./restate.ts";
import {
  applyConstraints,
  holdsNoRecord,
  type ImportSummary,
  type ProgressListener,
  writePlan,
} from "./write.ts";

export { ImportError } from "./plan.ts";
export type { Restated } from "./restate.ts";
export { refreshAllTallies } from "./tallies.ts";
export type { ImportSummary, ProgressListener } from "./write.ts";

/** The folder of the bundled seed: every `*.yaml` in it is one source document. */
export const seedFolder = path.join(projectRoot, "seed");

/** The bundled seed files, in a stable order. */
export async function bundledSeedFiles(): Promise<string[]> {
  const names = (await readdir(seedFolder)).filter((name) => name.endsWith(".yaml") || name.endsWith(".yml"));
  return names.sort().map((name) => path.join(seedFolder, name));
}

export interface ImportOptions extends PlanOptions {
  onProgress?: ProgressListener;
  /**
   * Most records one transaction writes (default 10,000); an import that creates more is written in parts
   * (see `writePlan`).
   */
  transactionRecords?: number;
  /** Called once validation passed, before writing. */
  onValidated?: (counts: { entities: number; facts: number }) => void;
}

/**
 * Validates seed files completely, then writes them atomically (see seed/README.md for the format).
 * Throws an `ImportError` naming file, record and field for bad input; the graph is left as it was.
 *
 * @example
 * const summary = await importSeedFiles(driver, "neo4j", await bundledSeedFiles());
 */
export async function importSeedFiles(
  driver: Driver,
  database: string,
  files: string[],
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const rules = deriveModelRules();
  const plan = await planImport(files, rules, options);
  options.onValidated?.({ entities: plan.entityCount, facts: plan.factCount });
  const graphEmpty = await holdsNoRecord(driver, database);
  await applyConstraints(driver, database, { graphEmpty });
  return writePlan(driver, database, plan, rules, options.onProgress, options.transactionRecords, graphEmpty);
}

/** What `removeSources` took out: the sources, and the records merged again or deleted. */
export interface RemovalSummary extends Restated {
  sources: string[];
}

/**
 * Takes sources out of the graph, in one transaction: their Source nodes, their citations, their statements,
 * and every record only they supported; the records other sources also state are merged again from those.
 * Refused with an `ImportError`, the graph left as it was, when a source is not in the graph or when a fact
 * that stays would lose an end (the message names the fact and the sources that state it).
 *
 * @example
 * const { deleted, updated } = await removeSources(driver, "neo4j", ["source:btech-2023-notes"]);
 */
export async function removeSources(
  driver: Driver,
  database: string,
  sourceIds: string[],
): Promise<RemovalSummary> {
  const sources = [...new Set(sourceIds)];
  const session = driver.session({ database, defaultAccessMode: neo4j.session.WRITE });
  try {
    return await session.executeWrite(async (tx) => {
      const { records } = await tx.run(importerStatements["source-ids"]);
      const known = records.map((record) => record.get("id") as string);
      const missing = sources.filter((id) => !known.includes(id));
      if (missing.length > 0) {
        throw new ImportError(
          missing.map(
            (id) =>
              `--remove ${id}: no such source in the graph (it holds ${known.length > 0 ? known.join(", ") : "none"})`,
          ),
        );
      }
      const restated = await restateRecords(
        tx,
        await recordsCiting(tx, sources),
        sources,
        deriveModelRules(),
      );
      await tx.run(importerStatements["delete-sources"], { ids: sources });
      return { sources, ...restated };
    });
  } catch (error) {
    if (error instanceof ImportError) throw new ImportError(error.problems, removalRefused);
    throw error;
  } finally {
    await session.close();
  }
}

const removalRefused = "Nothing was removed; the graph is as it was:";

/** A few lines a person can read: what `removeSources` took out. */
export function formatRemoval(summary: RemovalSummary): string {
  const count = (ids: string[]) => {
    const facts = ids.filter((id) => id.startsWith("fact:")).length;
    const entities = ids.length - facts;
    return `${entities} ${entities === 1 ? "entity" : "entities"} and ${facts} ${facts === 1 ? "fact" : "facts"}`;
  };
  return [
    `  removed ${summary.sources.join(", ")}`,
    `  deleted ${count(summary.deleted)} no other source states`,
    `  merged again ${count(summary.updated)} that other sources also state`,
  ].join("\n");
}

/** True when the graph holds no imported source yet (a fresh database). */
export async function graphIsEmpty(driver: Driver, database: string): Promise<boolean> {
  const { records } = await driver.executeQuery(importerStatements["graph-is-empty"], {}, { database });
  return records[0]?.get("empty") === true;
}

/** A few lines a person can read: per type, what was created, updated and left unchanged. */
export function formatSummary(summary: ImportSummary): string {
  const rows = [
    ...Object.entries(summary.nodes).map(([type, counts]) => [type, counts] as const),
    ...Object.entries(summary.facts).map(([predicate, counts]) => [`fact ${predicate}`, counts] as const),
  ];
  const width = Math.max(...rows.map(([name]) => name.length), 10);
  const total = rows.reduce((sum, [, counts]) => sum + counts.created + counts.updated + counts.unchanged, 0);
  const lines = rows.map(
    ([name, counts]) =>
      `  ${name.padEnd(width)}  ${String(counts.created).padStart(7)} created  ${String(counts.updated).padStart(7)} updated  ${String(counts.unchanged).padStart(7)} unchanged`,
  );
  const { updated, deleted } = summary.withdrawn;
  if (updated.length + deleted.length > 0) {
    lines.push(
      `  no longer stated by their source: ${updated.length} merged again from the other sources, ${deleted.length} deleted`,
    );
  }
  return [
    ...lines,
    `  ${total} records in ${summary.seconds.toFixed(1)} s (${Math.round(total / Math.max(summary.seconds, 0.001))} records/s)`,
  ].join("\n");
}
