import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ImportError, type ImportSummary, importSeedFiles } from "../../src/importer/index.ts";
import { clearGraph, graphChecksum, graphCounts } from "../helpers/graph.ts";
import { sharedDriver } from "../helpers/neo4j.ts";
import { parseSeedYaml, seedYaml } from "../helpers/seed-yaml.ts";

/** A parsed seed file that a test edits into a bad variant. */
// biome-ignore lint/suspicious/noExplicitAny: the variants deliberately break the file's shape
type SeedDraft = any;

const fixtures = path.join(import.meta.dirname, "fixtures");
const driver = sharedDriver();
let workdir: string;

/** Writes a variant of the mini fixture (beside a copy of its source text) and returns its path. */
async function variant(name: string, edit: (seed: SeedDraft) => void, raw?: string): Promise<string> {
  const seed: SeedDraft = parseSeedYaml(await readFile(path.join(fixtures, "mini.yaml"), "utf8"));
  edit(seed);
  const file = path.join(workdir, `${name}.yaml`);
  await writeFile(file, raw ?? seedYaml(seed));
  return file;
}

beforeAll(async () => {
  workdir = await mkdtemp(path.join(tmpdir(), "btech-import-"));
  await copyFile(path.join(fixtures, "source.txt"), path.join(workdir, "source.txt"));
  await clearGraph(driver);
});

afterAll(async () => {
  await clearGraph(driver);
  await rm(workdir, { recursive: true, force: true });
  await driver.close();
});

describe("importing a seed file", () => {
  // The first import of a fresh database also creates the constraints and indexes: on a busy machine that
  // takes longer than a test's time limit, so it runs in the hook.
  let first: ImportSummary;
  beforeAll(async () => {
    first = await importSeedFiles(driver, "neo4j", [path.join(fixtures, "mini.yaml")]);
  });

  it("writes entities, facts and their evidence, and a second run changes nothing", async () => {
    expect(first.nodes.Company).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(first.facts.PARTICIPATED_IN).toEqual({ created: 1, updated: 0, unchanged: 0 });
    const counts = await graphCounts(driver);
    const checksum = await graphChecksum(driver);

    const second = await importSeedFiles(driver, "neo4j", [path.join(fixtures, "mini.yaml")]);
    for (const counts of [...Object.values(second.nodes), ...Object.values(second.facts)]) {
      expect(counts.created + counts.updated).toBe(0);
    }
    expect(await graphCounts(driver)).toEqual(counts);
    expect(await graphChecksum(driver)).toBe(checksum);
  });

  it("keeps each fact's evidence beside it: source, section, quote, basis and reason", async () => {
    const { records } = await driver.executeQuery(`
      MATCH (c:Company {id: 'company:telefonica-test'})-[r:PARTICIPATED_IN]->(e:Event)
      MATCH (f:Fact {id: r.factId})-[cite:CITED_IN]->(s:Source)
      MATCH (f)-[:SUBJECT]->(c), (f)-[:OBJECT]->(e)
      RETURN r.basis AS basis, s.id AS source, cite {.section, .quote, .basis, .reason} AS citation`);
    expect(records.map((record) => record.toObject())).toEqual([
      {
        basis: "INFERRED",
        source: "source:mini-review",
        citation: {
          section: "MINI REVIEW",
          quote: "joined the circle in 2022",
          basis: "INFERRED",
          reason: "Members of the circle are taken to attend its meetings; attendance is not recorded.",
        },
      },
    ]);
  });

  it("stores typed properties: a real date, the period's range, an integer year", async () => {
    const { records } = await driver.executeQuery(`
      MATCH (e:Event {id: 'event:circle-test-2022-03-03'})
      MATCH (:Company)-[m:MEMBER_OF]->(:Programme)
      RETURN toString(e.date) AS date, toString(e.startDate) AS start, toString(e.endDate) AS end,
             valueType(e.date) AS dateType, m.since AS since, valueType(m.since) AS sinceType`);
    expect(records[0]?.toObject()).toEqual({
      date: "2022-03-03",
      start: "2022-03-03",
      end: "2022-03-03",
      dateType: "DATE NOT NULL",
      since: 2022,
      sinceType: "INTEGER NOT NULL",
    });
  });

  it("has created the constraints and the full-text index it relies on, online", async () => {
    const { records: constraints } = await driver.executeQuery(
      "SHOW CONSTRAINTS YIELD name, type WHERE type = 'UNIQUENESS' RETURN collect(name) AS names",
    );
    expect(constraints[0]?.get("names")).toEqual(
      expect.arrayContaining(["entity_id", "fact_id", "company_id"]),
    );
    const { records: indexes } = await driver.executeQuery(
      "SHOW INDEXES YIELD name, type, state WHERE name = 'entity_search' RETURN type, state",
    );
    expect(indexes.map((record) => record.toObject())).toEqual([{ type: "FULLTEXT", state: "ONLINE" }]);
    const { records: hits } = await driver.executeQuery(
      "CALL db.index.fulltext.queryNodes('entity_search', 'telefonica') YIELD node RETURN node.id AS id",
    );
    expect(hits.map((hit) => hit.get("id"))).toContain("company:telefonica-test");
  });

  it("round-trips Unicode names exactly", async () => {
    const { records } = await driver.executeQuery(
      "MATCH (n:Entity) WHERE n.id IN ['company:telefonica-test', 'representative:volker-turk-test'] RETURN n.name AS name ORDER BY name",
    );
    expect(records.map((record) => record.get("name"))).toEqual(["Telefónica", "Volker Türk"]);
  });

  it("updates a changed value on the next run, and only that record", async () => {
    const file = await variant("renamed", (seed) => {
      seed.entities[3].name = "Remedy and redress";
    });
    const summary = await importSeedFiles(driver, "neo4j", [file]);
    expect(summary.nodes.Theme).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(summary.nodes.Company).toEqual({ created: 0, updated: 0, unchanged: 1 });
    const { records } = await driver.executeQuery(
      "MATCH (t:Theme {id: 'theme:remedy-test'}) RETURN t.name AS name",
    );
    expect(records[0]?.get("name")).toBe("Remedy and redress");
  });

  it("lets a second source confirm a fact: one fact, two citations, the strongest basis", async () => {
    await writeFile(path.join(workdir, "second.txt"), "Telefónica took part in the March 3 meeting.\n");
    const file = path.join(workdir, "second.yaml");
    await writeFile(
      file,
      seedYaml({
        format: "btech-graph/v1",
        source: { id: "source:second-test", title: "Second", file: "second.txt" },
        facts: [
          {
            predicate: "PARTICIPATED_IN",
            subject: "company:telefonica-test",
            object: "event:circle-test-2022-03-03",
            evidence: [{ section: "Body", quote: "Telefónica took part in the March 3 meeting." }],
          },
        ],
      }),
    );
    await importSeedFiles(driver, "neo4j", [file]);
    const { records } = await driver.executeQuery(`
      MATCH (:Company {id: 'company:telefonica-test'})-[r:PARTICIPATED_IN]->(:Event)
      MATCH (f:Fact {id: r.factId})-[c:CITED_IN]->(s:Source)
      RETURN r.basis AS edgeBasis, f.basis AS factBasis, count(*) AS facts, collect(s.id + ' ' + c.basis) AS citations`);
    expect(records[0]?.get("edgeBasis")).toBe("STATED");
    expect(records[0]?.get("factBasis")).toBe("STATED");
    expect((records[0]?.get("citations") as string[] | undefined)?.toSorted()).toEqual([
      "source:mini-review INFERRED",
      "source:second-test STATED",
    ]);
  });

  it("joins two entities already in the graph once, even when a write outside the importer joined them", async () => {
    // A new fact between existing entities may find their relationship already there (written through the
    // API): the importer adopts it rather than adding a second one.
    await driver.executeQuery(`
      MATCH (p:Programme {id: 'programme:circle-test'}), (t:Theme {id: 'theme:remedy-test'})
      CREATE (p)-[:HAS_THEME]->(t)`);
    const file = path.join(workdir, "joined.yaml");
    await writeFile(
      file,
      seedYaml({
        format: "btech-graph/v1",
        source: { id: "source:joined-test", title: "Joined" },
        facts: [
          {
            predicate: "HAS_THEME",
            subject: "programme:circle-test",
            object: "theme:remedy-test",
            evidence: [{ section: "Body", quote: "The circle is about remedy." }],
          },
        ],
      }),
    );
    const summary = await importSeedFiles(driver, "neo4j", [file]);
    expect(summary.facts.HAS_THEME).toEqual({ created: 1, updated: 0, unchanged: 0 });
    const { records } = await driver.executeQuery(`
      MATCH (:Programme {id: 'programme:circle-test'})-[r:HAS_THEME]->(:Theme {id: 'theme:remedy-test'})
      RETURN collect(r.factId) AS factIds`);
    expect(records[0]?.get("factIds")).toEqual(["fact:has_theme:programme:circle-test:theme:remedy-test"]);
  });
});

/** The graph's content independent of element ids: every node and relationship, sorted by ids. */
async function contentDigest(): Promise<string> {
  const { records } = await driver.executeQuery(`
    MATCH (n)
    OPTIONAL MATCH (n)-[r]->(m)
    RETURN n.id AS id, labels(n) AS labels, properties(n) AS props, type(r) AS type, m.id AS target,
           properties(r) AS relProps`);
  const rows = records.map((record) => {
    const row = record.toObject();
    return JSON.stringify({ ...row, labels: [...row.labels].sort() });
  });
  return rows.sort().join("\n");
}

/** A small file of new themes only (no source text), with a dangling reference when asked. */
async function themesFile(name: string, dangling: boolean): Promise<string> {
  const ids = [1, 2, 3, 4, 5].map((index) => `theme:${name}-${index}`);
  const evidence = () => [{ section: "S", quote: `about ${name}` }];
  const file = path.join(workdir, `${name}.yaml`);
  await writeFile(
    file,
    seedYaml({
      format: "btech-graph/v1",
      source: { id: `source:${name}`, title: name },
      entities: ids.map((id) => ({ id, type: "Theme", name: id, evidence: evidence() })),
      facts: ids.slice(1).map((id, index) => ({
        predicate: "BROADER",
        subject: id,
        object: dangling && index === 3 ? "theme:nowhere" : ids[index],
        evidence: evidence(),
      })),
    }),
  );
  return file;
}

describe("an import too big for one transaction", () => {
  const leftovers = `MATCH (n) WHERE n.importRun IS NOT NULL OR n:ImportRun RETURN count(n) AS count`;

  it("is written in parts and ends as the same graph one transaction writes", async () => {
    await clearGraph(driver);
    await importSeedFiles(driver, "neo4j", [path.join(fixtures, "mini.yaml")]);
    const single = await contentDigest();
    await clearGraph(driver);
    const summary = await importSeedFiles(driver, "neo4j", [path.join(fixtures, "mini.yaml")], {
      transactionRecords: 2,
    });
    expect(summary.nodes.Company).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(await contentDigest()).toBe(single);
    const { records } = await driver.executeQuery(leftovers);
    expect(records[0]?.get("count")).toBe(0);
  });

  it("deletes what its committed parts created when a later part fails, and leaves the rest as it was", async () => {
    const before = await graphChecksum(driver);
    const attempt = importSeedFiles(driver, "neo4j", [await themesFile("parts", true)], {
      transactionRecords: 2,
    });
    await expect(attempt).rejects.toThrow(/theme:nowhere is defined in no file of this import/);
    expect(await graphChecksum(driver)).toBe(before);
  });

  it("refuses to update existing records in parts, since an update could not be undone", async () => {
    const file = await variant("parts-update", (seed) => {
      for (const entity of seed.entities) entity.name = `${entity.name}, updated`;
    });
    const before = await graphChecksum(driver);
    await expect(importSeedFiles(driver, "neo4j", [file], { transactionRecords: 2 })).rejects.toThrow(
      /updates cannot be written in parts safely\. Import the files one at a time/,
    );
    expect(await graphChecksum(driver)).toBe(before);
  });

  it("finishes an import in parts that was interrupted: an incomplete run is deleted, a complete one kept", async () => {
    await driver.executeQuery(`
      CREATE (:Entity:Theme {id: 'theme:half-written', name: 'Half', importRun: 'run-dead'})
      CREATE (:Entity:Theme {id: 'theme:fully-written', name: 'Full', importRun: 'run-done'})
      CREATE (:ImportRun {id: 'run-done'})`);
    await importSeedFiles(driver, "neo4j", [await themesFile("after-crash", false)]);
    const { records } = await driver.executeQuery(
      "MATCH (t:Theme) WHERE t.id IN ['theme:half-written', 'theme:fully-written'] RETURN t.id AS id, t.importRun AS run",
    );
    expect(records.map((record) => record.toObject())).toEqual([{ id: "theme:fully-written", run: null }]);
    const { records: left } = await driver.executeQuery(leftovers);
    expect(left[0]?.get("count")).toBe(0);
  });
});

describe("refusing bad input", () => {
  const cases: { name: string; edit?: (seed: SeedDraft) => void; raw?: string; message: RegExp }[] = [
    {
      name: "missing-field",
      edit: (seed) => delete seed.entities[0].name,
      message: /missing-field\.yaml: entities\[0\]\.name: /,
    },
    {
      name: "wrong-type",
      edit: (seed) => {
        seed.facts[0].properties.since = "2022";
      },
      message: /wrong-type\.yaml: facts\[0\]\.properties\.since: "2022" is not a whole number/,
    },
    {
      name: "bad-date",
      edit: (seed) => {
        seed.entities[2].properties.date = "2022-02-30";
      },
      message: /bad-date\.yaml: entities\[2\]\.properties\.date: "2022-02-30" is not a date/,
    },
    {
      name: "unknown-property",
      edit: (seed) => {
        seed.entities[0].properties.revenue = 12;
      },
      message:
        /unknown-property\.yaml: entities\[0\]\.properties\.revenue: `revenue` is not a property of Company/,
    },
    {
      name: "dangling-reference",
      edit: (seed) => {
        seed.facts[1].object = "theme:nowhere";
      },
      message:
        /dangling-reference\.yaml: facts\[1\]\.object: theme:nowhere is defined in no file of this import and is not in the graph/,
    },
    {
      name: "wrong-pair",
      edit: (seed) => {
        seed.facts[1].object = "company:telefonica-test";
      },
      message: /wrong-pair\.yaml: facts\[1\]: HAS_THEME does not join a Event to a Company/,
    },
    {
      name: "duplicate-id",
      edit: (seed) => {
        seed.entities.push(structuredClone(seed.entities[3]));
      },
      message:
        /duplicate-id\.yaml: entities\[5\]\.id: duplicate id theme:remedy-test \(first at entities\[3\]\)/,
    },
    {
      name: "quote-not-in-source",
      edit: (seed) => {
        seed.entities[1].evidence[0].quote = "a sentence the review never wrote";
      },
      message:
        /quote-not-in-source\.yaml: entities\[1\]\.evidence\[0\]\.quote: not found verbatim in source\.txt/,
    },
    {
      name: "inferred-without-reason",
      edit: (seed) => delete seed.facts[2].evidence[0].reason,
      message:
        /inferred-without-reason\.yaml: facts\[2\]\.evidence\[0\]\.reason: is required when basis is INFERRED/,
    },
    {
      name: "bad-period",
      edit: (seed) => {
        delete seed.entities[2].properties.date;
        seed.entities[2].properties.period = "2022-13";
      },
      message: /bad-period\.yaml: entities\[2\]\.properties\.period: "2022-13" is not a period/,
    },
    {
      name: "bad-enum",
      edit: (seed) => {
        seed.entities[2].properties.kind = "MEETING";
      },
      message: /bad-enum\.yaml: entities\[2\]\.properties\.kind: "MEETING" is not one of SESSION, /,
    },
    {
      name: "derived-property",
      edit: (seed) => {
        seed.entities[2].properties.startDate = "2022-03-01";
      },
      message: /derived-property\.yaml: entities\[2\]\.properties\.startDate: `startDate` is not set by hand/,
    },
    {
      name: "duplicate-fact",
      edit: (seed) => {
        seed.facts.push(structuredClone(seed.facts[0]));
      },
      message: /duplicate-fact\.yaml: facts\[3\]: duplicate fact MEMBER_OF .* \(first at facts\[0\]\)/,
    },
    {
      name: "missing-source-text",
      edit: (seed) => {
        seed.source.file = "nowhere.txt";
      },
      message: /missing-source-text\.yaml: source\.file: "nowhere\.txt" does not exist/,
    },
    {
      name: "malformed",
      raw: "format: btech-graph/v1\nsource: {id: source:x, title: [unclosed\n",
      message: /malformed\.yaml: line \d+, column \d+: /,
    },
    {
      name: "duplicate-key",
      raw: "format: btech-graph/v1\nsource: {id: source:x, title: X}\nsource: {id: source:y, title: Y}\n",
      message: /duplicate-key\.yaml: line 3, column \d+: duplicated mapping key/,
    },
    {
      name: "empty",
      raw: "# nothing here\n",
      message: /empty\.yaml: the file is empty/,
    },
    {
      name: "alias-bomb",
      raw: 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n',
      message: /alias-bomb\.yaml: YAML anchors \(&name\) and aliases \(\*name\) are not allowed/,
    },
    {
      name: "custom-tag",
      raw: "format: !!js/function 'function () {}'\n",
      message:
        /custom-tag\.yaml: line 1, column \d+: the YAML tag tag:yaml\.org,2002:js\/function is not allowed/,
    },
  ];

  for (const { name, edit, raw, message } of cases) {
    it(`refuses ${name.replaceAll("-", " ")} with a precise message and leaves the graph as it was`, async () => {
      const file = await variant(name, edit ?? (() => {}), raw);
      const before = await graphChecksum(driver);
      const attempt = importSeedFiles(driver, "neo4j", [file]);
      await expect(attempt).rejects.toBeInstanceOf(ImportError);
      await expect(attempt).rejects.toThrow(message);
      expect(await graphChecksum(driver)).toBe(before);
    });
  }

  it("refuses a file larger than the limit before parsing it", async () => {
    const file = await variant("huge", () => {}, `# ${"x".repeat(2_000)}\n`);
    await expect(importSeedFiles(driver, "neo4j", [file], { maxFileBytes: 1_000 })).rejects.toThrow(
      /huge\.yaml: .* MB is larger than the .* MB a seed file may be; split it/,
    );
  });
});
