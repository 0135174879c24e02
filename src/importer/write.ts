import { readFile } from "node:fs/promises";
import path from "node:path";
import neo4j, { type Driver, type ManagedTransaction, type Transaction } from "neo4j-driver";
import { projectRoot } from "../config.ts";
import type { ModelRules } from "./model.ts";
import { ImportError, type ImportPlan, type NodeRow } from "./plan.ts";

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
/** Ids per look-up of what the graph already holds (a read: bigger batches, fewer round trips). */
const lookupBatchSize = 20_000;

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
  // One look at the schema instead of a round trip per statement: on every import but the first, nothing is
  // missing and nothing is run.
  const [{ records: constraints }, { records: indexes }] = await Promise.all([
    driver.executeQuery("SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names", {}, { database }),
    driver.executeQuery("SHOW INDEXES YIELD name, state RETURN name, state", {}, { database }),
  ]);
  const existing = new Set<string>([
    ...((constraints[0]?.get("names") as string[] | undefined) ?? []),
    ...indexes.map((record) => record.get("name") as string),
  ]);
  const missing = statements.filter((statement) => {
    const name = /^CREATE\s+(?:\w+\s+)?(?:CONSTRAINT|INDEX)\s+(\w+)/i.exec(statement)?.[1];
    return !name || !existing.has(name);
  });
  for (const statement of missing) await driver.executeQuery(statement, {}, { database });
  const populating = indexes.some((record) => record.get("state") !== "ONLINE");
  if (missing.length > 0 || populating) {
    await driver.executeQuery("CALL db.awaitIndexes(300)", {}, { database });
  }
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

    const nodeHashes = await existingHashes(tx, "Entity", [
      ...plan.sources.map((row) => row.id),
      ...[...plan.entities.values()].flat().map((row) => row.id),
    ]);
    const factHashes = await existingHashes(
      tx,
      "Fact",
      [...plan.facts.values()].flat().map((row) => row.id),
    );

    summary.nodes.Source = await writeBatches(plan.sources, nodeHashes, advance, (rows) =>
      tx.run(nodeStatement("Source"), { rows, runSources }),
    );
    for (const [type, rows] of plan.entities) {
      const declared = rules.entityTypes.get(type);
      summary.nodes[type] = await writeBatches(rows, nodeHashes, advance, (batch) =>
        tx.run(nodeStatement(type), {
          rows: batch.map((row) => ({ ...row, props: toNeo4jTypes(row.props, declared) })),
          runSources,
        }),
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
      summary.facts[predicate] = await writeBatches(rows, factHashes, advance, (batch) =>
        tx.run(factStatement(predicate), {
          rows: batch.map((row) => ({
            ...row,
            relationshipProps: toNeo4jTypes(row.relationshipProps, declared),
          })),
          runSources,
        }),
      );
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

/**
 * Writes the rows that are new or changed, in batches; rows whose digest matches the graph's are counted as
 * unchanged and not sent at all, so a re-run of the same files costs a read, not a write.
 */
async function writeBatches<Row extends NodeRow>(
  rows: Row[],
  hashes: Map<string, string | null>,
  advance: (count: number) => void,
  write: (batch: Row[]) => ReturnType<Transaction["run"]>,
): Promise<StatusCounts> {
  const counts: StatusCounts = { created: 0, updated: 0, unchanged: 0 };
  const changed: Row[] = [];
  for (const row of rows) {
    const hash = hashes.get(row.id);
    if (hash === undefined) counts.created += 1;
    else if (hash === row.hash) counts.unchanged += 1;
    else counts.updated += 1;
    if (hash !== row.hash) changed.push(row);
  }
  advance(counts.unchanged);
  for (let start = 0; start < changed.length; start += batchSize) {
    const batch = changed.slice(start, start + batchSize);
    await write(batch);
    advance(batch.length);
  }
  return counts;
}

/** The import digest of each of `ids` already in the graph (absent ids are not in the map). */
async function existingHashes(
  tx: Transaction,
  label: "Entity" | "Fact",
  ids: string[],
): Promise<Map<string, string | null>> {
  const hashes = new Map<string, string | null>();
  for (let start = 0; start < ids.length; start += lookupBatchSize) {
    const { records } = await tx.run(
      `UNWIND $ids AS id MATCH (n:${label} {id: id}) RETURN n.id AS id, n.importHash AS hash`,
      { ids: ids.slice(start, start + lookupBatchSize) },
    );
    for (const record of records) hashes.set(record.get("id") as string, record.get("hash") as string | null);
  }
  return hashes;
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
 * One statement per node type (the label comes from the model, never from input), for new and changed rows.
 * Citations from this run's sources are replaced; citations from other sources stay.
 */
function nodeStatement(type: string): string {
  return `
    UNWIND $rows AS row
    MERGE (n:Entity {id: row.id})
    SET n:${type}, n += row.props, n.importHash = row.hash
    WITH n, row
    ${replaceCitations("n")}`;
}

/**
 * One statement per predicate. A fact this run only infers may be stated by a source imported earlier: for
 * those rows the citations decide, and the strongest basis wins.
 */
function factStatement(predicate: string): string {
  return `
    UNWIND $rows AS row
    MATCH (subject:Entity {id: row.subject})
    MATCH (object:Entity {id: row.object})
    MERGE (f:Fact {id: row.id})
    SET f += row.props, f.importHash = row.hash
    MERGE (f)-[:SUBJECT]->(subject)
    MERGE (f)-[:OBJECT]->(object)
    MERGE (subject)-[r:${predicate}]->(object)
    SET r += row.relationshipProps, r.factId = row.id, r.basis = row.props.basis
    WITH f, r, row
    ${replaceCitations("f", "r")}
    WITH DISTINCT f, r WHERE f.basis = 'INFERRED'
    CALL (f, r) {
      MATCH (f)-[citation:CITED_IN {basis: 'STATED'}]->(:Source)
      WITH f, r LIMIT 1
      SET f.basis = 'STATED', r.basis = 'STATED'
    }`;
}

function replaceCitations(node: string, carried?: string): string {
  const keep = carried ? `${node}, ${carried}` : node;
  return `CALL (${node}) {
      MATCH (${node})-[old:CITED_IN]->(source:Source) WHERE source.id IN $runSources
      DELETE old
    }
    WITH ${keep}, row
    UNWIND row.citations AS citation
    MATCH (source:Source {id: citation.sourceId})
    CREATE (${node})-[:CITED_IN {section: citation.section, quote: citation.quote,
                                 basis: citation.basis, reason: citation.reason}]->(source)`;
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
