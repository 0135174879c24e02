import { readFile } from "node:fs/promises";
import path from "node:path";
import neo4j, { type Driver, type ManagedTransaction, type Transaction } from "neo4j-driver";
import { projectRoot } from "../config.ts";
import type { ModelRules } from "./model.ts";
import { ImportError, type ImportPlan } from "./plan.ts";

/** What an import did, per node type and per predicate. */
export interface ImportSummary {
  nodes: Record<string, StatusCounts>;
  facts: Record<string, StatusCounts>;
  seconds: number;
}

export interface StatusCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/** Called after each batch with what is written so far. */
export type ProgressListener = (done: number, total: number) => void;

const batchSize = 1_000;

/**
 * Runs the statements of graph/constraints.cypher (each IF NOT EXISTS), which the importer's MERGEs and the
 * API's search rely on. Schema changes cannot share a transaction with writes, so this runs first.
 */
export async function applyConstraints(driver: Driver, database: string): Promise<void> {
  const file = await readFile(path.join(projectRoot, "graph", "constraints.cypher"), "utf8");
  const statements = file
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("//"))
    .join("\n")
    .split(";")
    .map((statement) => statement.trim())
    .filter(Boolean);
  for (const statement of statements) await driver.executeQuery(statement, {}, { database });
  await driver.executeQuery("CALL db.awaitIndexes(300)", {}, { database });
}

/**
 * Writes a validated plan in ONE transaction: either all of it lands or none of it (a bad reference found
 * in the graph, a lost connection or any other failure rolls everything back).
 */
export async function writePlan(
  driver: Driver,
  database: string,
  plan: ImportPlan,
  rules: ModelRules,
  onProgress: ProgressListener = () => {},
): Promise<ImportSummary> {
  const started = Date.now();
  const session = driver.session({ database, defaultAccessMode: neo4j.session.WRITE });
  const tx = session.beginTransaction({ metadata: { app: "btech-graph import" } });
  const summary: ImportSummary = { nodes: {}, facts: {}, seconds: 0 };
  const total = plan.sources.length + plan.entityCount + plan.factCount;
  let done = 0;
  const advance = (count: number) => {
    done += count;
    onProgress(done, total);
  };
  try {
    const runSources = plan.sources.map((source) => source.id);

    summary.nodes.Source = await writeBatches(plan.sources, advance, (rows) =>
      tx.run(nodeStatement("Source"), { rows, runSources }),
    );
    for (const [type, rows] of plan.entities) {
      const converted = rows.map((row) => ({
        ...row,
        props: toNeo4jTypes(row.props, rules.entityTypes.get(type)),
      }));
      summary.nodes[type] = await writeBatches(converted, advance, (batch) =>
        tx.run(nodeStatement(type), { rows: batch, runSources }),
      );
    }
    if (plan.publishers.length > 0) {
      await tx.run(
        `UNWIND $rows AS row
         MATCH (s:Source {id: row.sourceId}), (o:Organization {id: row.organizationId})
         MERGE (o)-[:PUBLISHED]->(s)`,
        { rows: plan.publishers },
      );
    }
    // Checked after the entities are written, inside the transaction: a file may refer to entities an
    // earlier import wrote, and a bad reference here rolls back everything above.
    await checkExternalReferences(tx, plan, rules);
    for (const [predicate, rows] of plan.facts) {
      const declared = rules.predicates.get(predicate)?.properties;
      const converted = rows.map((row) => ({
        ...row,
        relationshipProps: toNeo4jTypes(row.relationshipProps, declared),
      }));
      summary.facts[predicate] = await writeBatches(converted, advance, (batch) =>
        tx.run(factStatement(predicate), { rows: batch, runSources }),
      );
      // Another source, imported earlier, may state what this run only infers: the strongest basis wins.
      for (let start = 0; start < rows.length; start += batchSize) {
        const ids = rows.slice(start, start + batchSize).map((row) => row.id);
        await tx.run(basisStatement(predicate), { ids });
      }
    }
    await tx.commit();
  } catch (error) {
    if (tx.isOpen()) await tx.rollback().catch(() => {});
    throw error;
  } finally {
    await session.close();
  }
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}

async function writeBatches<Row>(
  rows: Row[],
  advance: (count: number) => void,
  write: (batch: Row[]) => ReturnType<Transaction["run"]>,
): Promise<StatusCounts> {
  const counts: StatusCounts = { created: 0, updated: 0, unchanged: 0 };
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const result = await write(batch);
    for (const record of result.records) {
      counts[record.get("status") as keyof StatusCounts] += toNumber(record.get("count"));
    }
    advance(batch.length);
  }
  return counts;
}

/** Ids that facts use but this run does not define must already be in the graph, with a fitting type. */
async function checkExternalReferences(
  tx: Transaction | ManagedTransaction,
  plan: ImportPlan,
  rules: ModelRules,
) {
  if (plan.externalReferences.size === 0) return;
  const ids = [...plan.externalReferences.keys()];
  const result = await tx.run(
    `UNWIND $ids AS id
     OPTIONAL MATCH (n:Entity {id: id})
     RETURN id, [label IN labels(n) WHERE label <> 'Entity'][0] AS type`,
    { ids },
  );
  const problems: string[] = [];
  for (const record of result.records) {
    const id = record.get("id") as string;
    const type = record.get("type") as string | null;
    const reference = plan.externalReferences.get(id);
    if (!reference) continue;
    const where = `${reference.origin.file}: ${reference.origin.path}`;
    if (type === null) {
      problems.push(`${where}: ${id} is defined in no file of this import and is not in the graph`);
      continue;
    }
    const pairs = rules.predicates.get(reference.predicate)?.pairs;
    const fits = [...(pairs ?? [])].some((pair) => {
      const [subjectType, objectType] = pair.split("->");
      return reference.role === "subject"
        ? subjectType === type && (!reference.otherType || objectType === reference.otherType)
        : objectType === type && (!reference.otherType || subjectType === reference.otherType);
    });
    if (!fits)
      problems.push(
        `${where}: ${id} is a ${type} in the graph, which ${reference.predicate} cannot join here`,
      );
  }
  if (problems.length > 0) throw new ImportError(problems);
}

/**
 * One statement per node type (the label comes from the model, never from input). Rows whose digest
 * matches the graph are counted as unchanged and not written again. Citations from this run's sources are
 * replaced; citations from other sources stay.
 */
function nodeStatement(type: string): string {
  return `
    UNWIND $rows AS row
    OPTIONAL MATCH (existing:Entity {id: row.id})
    WITH row, CASE WHEN existing IS NULL THEN 'created'
                   WHEN existing.importHash = row.hash THEN 'unchanged'
                   ELSE 'updated' END AS status
    CALL (row, status) {
      WITH row WHERE status <> 'unchanged'
      MERGE (n:Entity {id: row.id})
      SET n:${type}, n += row.props, n.importHash = row.hash
      WITH n, row
      ${replaceCitations("n")}
    }
    RETURN status, count(*) AS count`;
}

function factStatement(predicate: string): string {
  return `
    UNWIND $rows AS row
    OPTIONAL MATCH (existing:Fact {id: row.id})
    WITH row, CASE WHEN existing IS NULL THEN 'created'
                   WHEN existing.importHash = row.hash THEN 'unchanged'
                   ELSE 'updated' END AS status
    CALL (row, status) {
      WITH row WHERE status <> 'unchanged'
      MATCH (subject:Entity {id: row.subject})
      MATCH (object:Entity {id: row.object})
      MERGE (f:Fact {id: row.id})
      SET f += row.props, f.importHash = row.hash
      MERGE (f)-[:SUBJECT]->(subject)
      MERGE (f)-[:OBJECT]->(object)
      MERGE (subject)-[r:${predicate}]->(object)
      SET r += row.relationshipProps, r.factId = row.id, r.basis = row.props.basis
      WITH f, row
      ${replaceCitations("f")}
    }
    RETURN status, count(*) AS count`;
}

function replaceCitations(node: string): string {
  return `CALL (${node}) {
        MATCH (${node})-[old:CITED_IN]->(source:Source) WHERE source.id IN $runSources
        DELETE old
      }
      WITH ${node}, row
      UNWIND row.citations AS citation
      MATCH (source:Source {id: citation.sourceId})
      CREATE (${node})-[:CITED_IN {section: citation.section, quote: citation.quote,
                                   basis: citation.basis, reason: citation.reason}]->(source)`;
}

function basisStatement(predicate: string): string {
  return `
    UNWIND $ids AS id
    MATCH (f:Fact {id: id})
    CALL (f) {
      MATCH (f)-[citation:CITED_IN]->(:Source)
      RETURN CASE WHEN 'STATED' IN collect(citation.basis) THEN 'STATED' ELSE 'INFERRED' END AS basis
    }
    WITH f, basis WHERE f.basis <> basis
    SET f.basis = basis
    WITH f, basis
    MATCH (:Entity {id: f.subjectId})-[r:${predicate} {factId: f.id}]->()
    SET r.basis = basis`;
}

/**
 * Typed properties travel as Neo4j types: dates as dates (compared and sorted as dates), integers as
 * integers (JavaScript numbers would arrive as floats).
 */
function toNeo4jTypes(props: Record<string, unknown>, declared: Map<string, { type: string }> | undefined) {
  const converted = { ...props };
  for (const [name, rule] of declared ?? []) {
    const value = converted[name];
    if (rule.type === "Date" && typeof value === "string") {
      const [year, month, day] = value.split("-").map(Number);
      converted[name] = new neo4j.types.Date(year ?? 0, month ?? 0, day ?? 0);
    } else if (rule.type === "Int" && typeof value === "number") {
      converted[name] = neo4j.int(value);
    }
  }
  return converted;
}

function toNumber(value: unknown): number {
  return neo4j.isInt(value) ? (value as { toNumber(): number }).toNumber() : Number(value);
}
