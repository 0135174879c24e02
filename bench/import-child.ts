// One import, in a process of its own as `npm run seed` is: `importer` runs the project's importer on the
// generated seed files, `baseline` writes the same rows with bare batched UNWIND … MERGE statements, `bulk`
// loads the files into an empty home of its own through neo4j-admin (`npm run seed -- --bulk`), up to the
// server started with its constraints and indexes online. Prints its timings as one JSON line on stdout;
// progress goes to stderr.
import neo4j, { type Driver } from "neo4j-driver";
import { loadConfig } from "../src/config.ts";
import { createDriver } from "../src/database.ts";
import { bulkImportInto } from "../src/importer/bulk.ts";
import { importSeedFiles } from "../src/importer/index.ts";
import { dateRange } from "../src/importer/plan.ts";
import { progressBar } from "../src/importer/progress.ts";
import { applyConstraints } from "../src/importer/write.ts";
import { localBulkTarget } from "../src/neo4j-runtime/bulk-import.ts";
import {
  type EntityRecord,
  generateRecords,
  recordsPerFile,
  sourceIdOf,
} from "../tests/helpers/synthetic-graph.ts";

/** What one import run reports to the benchmark. */
export interface ImportTimings {
  entities: number;
  facts: number;
  /** Whole run: reading, validating and writing (the baseline only writes). */
  seconds: number;
  /** Reading and validating the files (importer only). */
  validateSeconds: number;
  /** Writing to Neo4j, constraints included. */
  writeSeconds: number;
  /** Why the import did not finish (then the times say how long it ran). */
  failure?: string;
  /** Why the import was not run at all (then the times are zero), e.g. a size above `--cypher-import-max`. */
  skipped?: string;
  /** The bulk path's steps after validation: CSV files, neo4j-admin, the server's start, constraints. */
  bulkSteps?: { csv: number; admin: number; start: number; constraints: number };
}

const batchSize = 1_000;

async function runImporter(driver: Driver, files: string[]): Promise<ImportTimings> {
  const started = performance.now();
  let validated = started;
  let counts = { entities: 0, facts: 0 };
  await importSeedFiles(driver, "neo4j", files, {
    onValidated: (found) => {
      validated = performance.now();
      counts = found;
      console.error(`Validated ${found.entities} entities and ${found.facts} facts.`);
    },
    onProgress: progressBar("Importer writing"),
  });
  const ended = performance.now();
  return {
    ...counts,
    seconds: (ended - started) / 1000,
    validateSeconds: (validated - started) / 1000,
    writeSeconds: (ended - validated) / 1000,
  };
}

/** The same rows as the seed files hold, written with the plainest batched statements. */
async function runBaseline(driver: Driver, size: number, seed: number): Promise<ImportTimings> {
  const { entities, facts } = generateRecords(size, seed);
  const parts = Math.ceil((entities.length + facts.length) / recordsPerFile);
  const sourceOf = (position: number) => sourceIdOf(size, seed, Math.floor(position / recordsPerFile));
  const citations = (evidence: EntityRecord["evidence"], position: number) =>
    evidence.map((item) => ({
      sourceId: sourceOf(position),
      section: item.section,
      quote: item.quote,
      basis: item.basis ?? "STATED",
      reason: item.reason ?? null,
    }));
  const sources = Array.from({ length: parts }, (_, part) => ({
    id: sourceIdOf(size, seed, part),
    props: { name: `SYNTHETIC part ${part + 1}`, title: `SYNTHETIC part ${part + 1}` },
  }));
  const entityRows = new Map<string, object[]>();
  entities.forEach((entity, position) => {
    const { date, period, ...rest } = entity.properties ?? {};
    const props: Record<string, unknown> = {
      name: entity.name,
      description: entity.description ?? null,
      ...rest,
    };
    for (const [key, value] of Object.entries(rest)) {
      if (typeof value === "number") props[key] = neo4j.int(value);
    }
    if (entity.type === "Event") {
      const range = dateRange(date as string | undefined, period as string | undefined);
      const toDate = (iso: string | null) =>
        iso === null
          ? null
          : new neo4j.types.Date(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
      Object.assign(props, { date: toDate((date as string | undefined) ?? null), period: period ?? null });
      Object.assign(props, { startDate: toDate(range.startDate), endDate: toDate(range.endDate) });
    }
    const rows = entityRows.get(entity.type) ?? [];
    rows.push({ id: entity.id, props, citations: citations(entity.evidence, position) });
    entityRows.set(entity.type, rows);
  });
  const factRows = new Map<string, object[]>();
  facts.forEach((item, index) => {
    const factId = `fact:${item.predicate.toLowerCase()}:${item.subject}:${item.object}`;
    const basis = item.evidence.some((e) => e.basis !== "INFERRED") ? "STATED" : "INFERRED";
    const relationshipProps = Object.fromEntries(
      Object.entries(item.properties ?? {}).map(([key, value]) => [
        key,
        typeof value === "number" ? neo4j.int(value) : value,
      ]),
    );
    const rows = factRows.get(item.predicate) ?? [];
    rows.push({
      id: factId,
      subject: item.subject,
      object: item.object,
      props: { predicate: item.predicate, subjectId: item.subject, objectId: item.object, basis },
      relationshipProps: { ...relationshipProps, factId, basis },
      citations: citations(item.evidence, entities.length + index),
    });
    factRows.set(item.predicate, rows);
  });

  const total = sources.length + entities.length + facts.length;
  const progress = progressBar("Baseline writing");
  let done = 0;
  const started = performance.now();
  await applyConstraints(driver, "neo4j");
  const write = async (statement: string, rows: object[]) => {
    for (let start = 0; start < rows.length; start += batchSize) {
      const batch = rows.slice(start, start + batchSize);
      await driver.executeQuery(statement, { rows: batch }, { database: "neo4j" });
      done += batch.length;
      progress(done, total);
    }
  };
  await write("UNWIND $rows AS row MERGE (s:Entity {id: row.id}) SET s:Source, s += row.props", sources);
  for (const [type, rows] of entityRows) {
    await write(
      `UNWIND $rows AS row
       MERGE (n:Entity {id: row.id}) SET n:${type}, n += row.props
       WITH n, row UNWIND row.citations AS c
       MATCH (s:Source {id: c.sourceId})
       CREATE (n)-[:CITED_IN {section: c.section, quote: c.quote, basis: c.basis, reason: c.reason}]->(s)`,
      rows,
    );
  }
  for (const [predicate, rows] of factRows) {
    await write(
      `UNWIND $rows AS row
       MATCH (a:Entity {id: row.subject}) MATCH (b:Entity {id: row.object})
       MERGE (f:Fact {id: row.id}) SET f += row.props
       MERGE (f)-[:SUBJECT]->(a) MERGE (f)-[:OBJECT]->(b)
       MERGE (a)-[r:${predicate}]->(b) SET r += row.relationshipProps
       WITH f, row UNWIND row.citations AS c
       MATCH (s:Source {id: c.sourceId})
       CREATE (f)-[:CITED_IN {section: c.section, quote: c.quote, basis: c.basis, reason: c.reason}]->(s)`,
      rows,
    );
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    entities: entities.length,
    facts: facts.length,
    seconds,
    validateSeconds: 0,
    writeSeconds: seconds,
  };
}

/**
 * The files through neo4j-admin into the empty home BENCH_BULK_HOME, the server stopped at the end (the
 * benchmark then serves its queries from that home, started again with BENCH_BULK_PASSWORD).
 */
async function runBulk(files: string[]): Promise<ImportTimings> {
  const config = loadConfig({ ...process.env, NEO4J_URI: undefined });
  if (config.neo4j.mode !== "local") throw new Error("unreachable: no NEO4J_URI means a local Neo4j");
  const target = localBulkTarget(
    {
      ...config.neo4j.local,
      home: process.env.BENCH_BULK_HOME ?? "",
      boltPort: Number(process.env.BENCH_BULK_PORT),
      heap: process.env.BENCH_BULK_HEAP ?? "2g",
      pageCache: process.env.BENCH_BULK_PAGECACHE ?? "6g",
    },
    {
      password: process.env.BENCH_BULK_PASSWORD ?? "bench-bulk-password",
      log: (line) => console.error(line),
    },
  );
  try {
    let counts = { entities: 0, facts: 0 };
    const { summary, timings } = await bulkImportInto(target, files, {
      log: (line) => console.error(line),
      onValidated: (found) => {
        counts = found;
      },
    });
    const { validate, ...bulkSteps } = timings;
    return {
      ...counts,
      seconds: summary.seconds,
      validateSeconds: validate,
      writeSeconds: summary.seconds - validate,
      bulkSteps,
    };
  } finally {
    await target.stop();
  }
}

const [mode, size, seed, ...files] = process.argv.slice(2);
/** The benchmark server the Cypher modes write to; the bulk mode is given no server (it starts its own). */
async function withBenchDriver(write: (driver: Driver) => Promise<ImportTimings>): Promise<ImportTimings> {
  const driver = createDriver({
    uri: process.env.BENCH_NEO4J_URI ?? "",
    username: "neo4j",
    password: process.env.BENCH_NEO4J_PASSWORD ?? "",
    database: "neo4j",
  });
  try {
    return await write(driver);
  } finally {
    await driver.close();
  }
}
const timings =
  mode === "bulk"
    ? await runBulk(files)
    : await withBenchDriver((driver) =>
        mode === "baseline" ? runBaseline(driver, Number(size), Number(seed)) : runImporter(driver, files),
      );
console.log(JSON.stringify(timings));
