// Importing the bundled seed: every quote of the file is in the source document, a second run changes
// nothing, Unicode survives the trip, and the app loads the seed by itself into an empty graph.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../src/app/server.ts";
import { loadConfig } from "../../src/config.ts";
import { bundledSeedFiles, type ImportSummary, importSeedFiles } from "../../src/importer/index.ts";
import { fullTextIndexes } from "../../src/model/index.ts";
import { clearGraph, graphChecksum, graphCounts } from "../helpers/graph.ts";
import { postGraphQL } from "../helpers/http.ts";
import { sharedDriver, sharedNeo4j } from "../helpers/neo4j.ts";
import { freePort } from "../helpers/ports.ts";
import { parseSeedYaml } from "../helpers/seed-yaml.ts";
import { normalizeSpace, review, reviewText } from "./evidence.ts";

const driver = sharedDriver();

interface EvidenceItem {
  section: string;
  quote: string;
  basis?: string;
  reason?: string;
}
interface SeedRecord {
  id?: string;
  name?: string;
  evidence: EvidenceItem[];
}

beforeAll(async () => {
  await clearGraph(driver);
});

afterAll(async () => {
  await driver.close();
});

describe("the bundled seed file", () => {
  it("is the 2022 review and quotes it verbatim, under its real headings, with a reason for each inference", async () => {
    expect(await bundledSeedFiles()).toContain(review.file);
    const seed = parseSeedYaml(await readFile(review.file, "utf8")) as {
      entities: SeedRecord[];
      facts: SeedRecord[];
    };
    const { normalized, headings } = await reviewText();
    const records: SeedRecord[] = [...seed.entities, ...seed.facts];
    const evidence = records.flatMap((record) => record.evidence);
    expect(evidence.length).toBeGreaterThan(300);
    const notFound = evidence.filter((item) => !normalized.includes(normalizeSpace(item.quote)));
    expect(notFound.map((item) => item.quote)).toEqual([]);
    const badSections = evidence.filter((item) => !headings.has(item.section));
    expect(badSections.map((item) => item.section)).toEqual([]);
    const unexplained = evidence.filter((item) => item.basis === "INFERRED" && !item.reason?.trim());
    expect(unexplained).toEqual([]);
  });
});

describe("importing the bundled seed", () => {
  let counts: { nodes: number; relationships: number };
  let checksum: string;

  let summary: ImportSummary;
  // The first import of a fresh database also creates the constraints and indexes: on a busy machine that
  // takes longer than a test's time limit, so it runs in the hook.
  beforeAll(async () => {
    summary = await importSeedFiles(driver, "neo4j", await bundledSeedFiles());
  });

  it("creates everything on the first run", async () => {
    const created = Object.values(summary.nodes).reduce((sum, status) => sum + status.created, 0);
    expect(created).toBeGreaterThan(80);
    expect(summary.nodes.Company).toEqual({ created: 13, updated: 0, unchanged: 0 });
    counts = await graphCounts(driver);
    checksum = await graphChecksum(driver);
  });

  it("changes nothing on a second run: same counts, same graph, every record unchanged", async () => {
    const summary = await importSeedFiles(driver, "neo4j", await bundledSeedFiles());
    for (const status of [...Object.values(summary.nodes), ...Object.values(summary.facts)]) {
      expect(status.created + status.updated).toBe(0);
      expect(status.unchanged).toBeGreaterThan(0);
    }
    expect(await graphCounts(driver)).toEqual(counts);
    expect(await graphChecksum(driver)).toBe(checksum);
  });

  it("round-trips Unicode names byte for byte, and finds them without accents", async () => {
    const { records } = await driver.executeQuery(
      "MATCH (n:Entity) WHERE n.id IN ['company:telefonica', 'representative:volker-turk'] RETURN n.name AS name ORDER BY name",
    );
    const names = records.map((record) => record.get("name") as string);
    expect(names).toEqual(["Telefónica", "Volker Türk"]);
    expect(names.map((name) => Buffer.from(name).toString("hex"))).toEqual([
      Buffer.from("Telef\u00f3nica").toString("hex"),
      Buffer.from("Volker T\u00fcrk").toString("hex"),
    ]);
    for (const [query, id] of [
      ["telefonica", "company:telefonica"],
      ["turk", "representative:volker-turk"],
    ]) {
      const { records: hits } = await driver.executeQuery(
        "CALL db.index.fulltext.queryNodes('entity_search', $query) YIELD node RETURN node.id AS id",
        { query },
      );
      expect(hits.map((hit) => hit.get("id"))).toContain(id);
    }
  });
});

describe("npm start on a graph whose search index predates a type", () => {
  it("creates the full-text index again with the model's labels, so search finds the missing type", {
    timeout: 120_000,
  }, async () => {
    await clearGraph(driver);
    const search = fullTextIndexes.find((index) => index.name === "entity_search");
    if (!search) throw new Error("graph/constraints.cypher has no entity_search index");
    // The index as a database created before `Practice` was in the model has it.
    const older = search.labels.filter((label) => label !== "Practice");
    await driver.executeQuery("DROP INDEX entity_search IF EXISTS");
    await driver.executeQuery(search.statement.replace(search.labels.join("|"), older.join("|")));
    await driver.executeQuery("CALL db.awaitIndexes(300)");
    await driver.executeQuery(
      "CREATE (:Entity:Practice {id: 'practice:quillwort-rounds', name: 'Quillwort rounds'})",
    );
    const server = await startServer(await startConfig({ SEED_ON_EMPTY: "false" }), () => {});
    try {
      const found = await postGraphQL(server.url, '{ search(phrase: "quillwort") { id } }');
      expect(found.body).toEqual({ data: { search: [{ id: "practice:quillwort-rounds" }] } });
    } finally {
      await server.close();
      await clearGraph(driver);
    }
    const { records } = await driver.executeQuery(
      "SHOW INDEXES YIELD name, labelsOrTypes WHERE name = 'entity_search' RETURN labelsOrTypes",
    );
    expect([...((records[0]?.get("labelsOrTypes") as string[] | undefined) ?? [])].sort()).toEqual(
      [...search.labels].sort(),
    );
  });
});

/** What `npm start` reads from the environment, pointed at the shared test Neo4j and a free port. */
async function startConfig(extra: Record<string, string> = {}) {
  const { uri, username, password, database } = sharedNeo4j();
  return loadConfig({
    NODE_ENV: "test",
    NEO4J_URI: uri,
    NEO4J_USERNAME: username,
    NEO4J_PASSWORD: password,
    NEO4J_DATABASE: database,
    PORT: String(await freePort()),
    ...extra,
  });
}

describe("npm start on an empty graph", () => {
  // Two boots of the app (an import in the first): more than a unit of work, hence its own time limit.
  it("imports the bundled seed before serving, and leaves a seeded graph alone", {
    timeout: 180_000,
  }, async () => {
    await clearGraph(driver);
    const config = await startConfig();
    const lines: string[] = [];
    const server = await startServer(config, (line) => lines.push(line));
    try {
      expect(lines.join("\n")).toMatch(/The graph is empty: importing the bundled seed/);
      const { records } = await driver.executeQuery(
        "MATCH (c:Company)-[:MEMBER_OF]->(:Programme {id: 'programme:cop'}) RETURN count(c) AS members",
      );
      expect(records[0]?.get("members")).toBe(13);
    } finally {
      await server.close();
    }
    const before = await graphChecksum(driver);
    const again: string[] = [];
    const second = await startServer(config, (line) => again.push(line));
    await second.close();
    expect(again.join("\n")).not.toMatch(/importing the bundled seed/);
    expect(await graphChecksum(driver)).toBe(before);
  });

  it("creates the indexes the API's queries need even when it does not seed", {
    timeout: 120_000,
  }, async () => {
    await clearGraph(driver);
    // A graph from before an index existed, or an empty one that is not to be seeded.
    await driver.executeQuery("DROP INDEX entity_search IF EXISTS");
    await driver.executeQuery("DROP INDEX event_start_end IF EXISTS");
    const server = await startServer(await startConfig({ SEED_ON_EMPTY: "false" }), () => {});
    try {
      const search = await postGraphQL(server.url, '{ search(phrase: "privacy") { id } }');
      expect(search.body).toEqual({ data: { search: [] } });
      const timeline = await postGraphQL(
        server.url,
        '{ timeline(from: "2022-01-01", to: "2022-12-31") { id } }',
      );
      expect(timeline.body).toEqual({ data: { timeline: [] } });
    } finally {
      await server.close();
    }
    const { records } = await driver.executeQuery(
      "SHOW INDEXES YIELD name, state WHERE name IN ['entity_search', 'event_start_end'] RETURN name, state ORDER BY name",
    );
    expect(records.map((record) => [record.get("name"), record.get("state")])).toEqual([
      ["entity_search", "ONLINE"],
      ["event_start_end", "ONLINE"],
    ]);
  });
});
