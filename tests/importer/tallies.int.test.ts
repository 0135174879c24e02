// The tallies every write keeps (graph/tallies/, src/importer/tallies.ts) against a recount of the graph after
// each kind of write: the seed's import (in one transaction and in parts), a re-import of a changed file, a
// second source imported and taken out again (`--remove`), and each editing mutation that can change a count.
// The recount is written here in plain Cypher, independent of the statement that keeps the tallies.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Driver } from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintToken } from "../../src/api/token.ts";
import { loadConfig } from "../../src/config.ts";
import { bundledSeedFiles, importSeedFiles, removeSources, seedFolder } from "../../src/importer/index.ts";
import { refreshAllTallies } from "../../src/importer/tallies.ts";
import { clearGraph, ensureSeeded, removeTestEdits } from "../helpers/graph.ts";
import { postGraphQL, serveAppForSuite } from "../helpers/http.ts";
import { sharedDriver, sharedNeo4j } from "../helpers/neo4j.ts";
import { parseSeedYaml, seedYaml } from "../helpers/seed-yaml.ts";

// biome-ignore lint/suspicious/noExplicitAny: the variants reach into the seed file's shape freely
type SeedDraft = any;

/** Each test imports the seed several times (a few seconds each on a busy machine). */
const slowImports = { timeout: 180_000 };

/**
 * Each kind of tally: its label, the properties that hold it and its key, and a plain recount of it ordered
 * as the question ranks it (count descending, then an event's first day, then the name).
 */
const kinds = [
  {
    label: "Theme",
    tally: "eventsTally",
    key: "eventsTallyOrder",
    recount: `MATCH (n:Theme) OPTIONAL MATCH (n)<-[:HAS_THEME]-(other:Event)
      WITH n, count(DISTINCT other) AS recount ORDER BY recount DESC, n.name`,
  },
  {
    label: "Event",
    tally: "companiesTally",
    key: "companiesTallyOrder",
    recount: `MATCH (n:Event) OPTIONAL MATCH (n)<-[:PARTICIPATED_IN]-(other:Company)
      WITH n, count(DISTINCT other) AS recount ORDER BY recount DESC, n.startDate, n.name`,
  },
  {
    label: "Organization",
    tally: "expertsTally",
    key: "expertsTallyOrder",
    recount: `MATCH (n:Organization) OPTIONAL MATCH (n)<-[:AFFILIATED_WITH]-(other:Expert)
      WITH n, count(DISTINCT other) AS recount ORDER BY recount DESC, n.name`,
  },
] as const;

/**
 * What differs between the kept tallies and a recount: a node whose stored count is not the recount, and a
 * kind whose nodes in the order of their keys are not in the order of the recount. Empty when they agree.
 */
async function tallyMismatches(driver: Driver): Promise<string[]> {
  const mismatches: string[] = [];
  for (const { label, tally, key, recount } of kinds) {
    const { records } = await driver.executeQuery(
      `${recount}
       RETURN collect({id: n.id, stored: n.${tally}, recount: recount}) AS ranked`,
    );
    const ranked = records[0]?.get("ranked") as { id: string; stored: unknown; recount: unknown }[];
    for (const { id, stored, recount: count } of ranked) {
      if (stored === null || Number(stored) !== Number(count)) {
        mismatches.push(`${id}: ${tally} ${String(stored)}, recount ${String(count)}`);
      }
    }
    const { records: byKey } = await driver.executeQuery(
      `MATCH (n:${label}) WITH n ORDER BY n.${key} RETURN collect(n.id) AS ids`,
    );
    const keyOrder = byKey[0]?.get("ids") as string[];
    const recountOrder = ranked.map((row) => row.id);
    if (keyOrder.join("\n") !== recountOrder.join("\n")) {
      mismatches.push(
        `${label}: ${key} orders ${keyOrder.join(", ")}; the recount ${recountOrder.join(", ")}`,
      );
    }
  }
  return mismatches;
}

/** The stored tally of one node (null when it has none). */
async function storedTally(driver: Driver, id: string): Promise<number | null> {
  const { records } = await driver.executeQuery(
    `MATCH (n:Entity {id: $id})
     RETURN coalesce(n.eventsTally, n.companiesTally, n.expertsTally) AS tally`,
    { id },
  );
  const tally = records[0]?.get("tally");
  return tally === null || tally === undefined ? null : Number(tally);
}

describe("tallies kept by the importer", () => {
  const driver = sharedDriver();
  const notesFolder = path.join(import.meta.dirname, "..", "fixtures", "second-document");
  let seed: string;
  let workdir: string;

  /** A file of `draft`, edited, written into the work folder beside a copy of the texts it quotes. */
  const variant = async (name: string, draftOf: string, edit: (draft: SeedDraft) => void) => {
    const draft: SeedDraft = parseSeedYaml(await readFile(draftOf, "utf8"));
    edit(draft);
    const file = path.join(workdir, `${name}.yaml`);
    await writeFile(file, seedYaml(draft));
    return file;
  };

  beforeAll(async () => {
    const bundled = (await bundledSeedFiles())[0];
    if (!bundled) throw new Error("no bundled seed file");
    seed = bundled;
    workdir = await mkdtemp(path.join(tmpdir(), "btech-tallies-"));
    await cp(path.join(seedFolder, "sources"), path.join(workdir, "sources"), { recursive: true });
    await cp(
      path.join(notesFolder, "btech-cop-2023-notes.txt"),
      path.join(workdir, "btech-cop-2023-notes.txt"),
    );
  });

  afterAll(async () => {
    await clearGraph(driver);
    await ensureSeeded(driver);
    await driver.close();
    await rm(workdir, { recursive: true, force: true });
  });

  it("match a recount after the seed's import, in one transaction and in parts", slowImports, async () => {
    await clearGraph(driver);
    await importSeedFiles(driver, "neo4j", [seed]);
    expect(await tallyMismatches(driver)).toEqual([]);
    expect(await storedTally(driver, "theme:hrdd")).toBeGreaterThan(1);
    expect(await storedTally(driver, "event:cop-2022-02-28")).toBeGreaterThan(1);
    expect(await storedTally(driver, "organization:icrc")).toBe(1);

    await clearGraph(driver);
    await importSeedFiles(driver, "neo4j", [seed], { transactionRecords: 60 });
    const { records } = await driver.executeQuery(
      "MATCH (n) WHERE n.importRun IS NOT NULL OR n:ImportRun RETURN count(n) AS left",
    );
    expect(Number(records[0]?.get("left"))).toBe(0);
    expect(await tallyMismatches(driver)).toEqual([]);
    expect(await storedTally(driver, "theme:hrdd")).toBeGreaterThan(1);
  });

  it(
    "match a recount after a re-import of a changed file, and after the first file again",
    slowImports,
    async () => {
      await clearGraph(driver);
      await importSeedFiles(driver, "neo4j", [seed]);
      const before = {
        theme: await storedTally(driver, "theme:hrdd"),
        event: await storedTally(driver, "event:cop-2022-02-28"),
        organization: await storedTally(driver, "organization:icrc"),
      };
      const changed = await variant("changed-seed", seed, (draft) => {
        const first = (predicate: string, subject: string, object: string) =>
          draft.facts.find(
            (fact: SeedDraft) =>
              fact.predicate === predicate &&
              String(fact.subject).startsWith(subject) &&
              fact.object === object,
          );
        // One fact of each kind goes; a theme and an event are renamed, which moves their keys.
        const gone = new Set([
          first("HAS_THEME", "event:", "theme:hrdd"),
          first("PARTICIPATED_IN", "company:", "event:cop-2022-02-28"),
          first("AFFILIATED_WITH", "expert:", "organization:icrc"),
        ]);
        expect(gone.has(undefined)).toBe(false);
        draft.facts = draft.facts.filter((fact: SeedDraft) => !gone.has(fact));
        for (const entity of draft.entities) {
          if (entity.id === "theme:hrdd" || entity.id === "event:cop-2022-03-14")
            entity.name = `Zz ${entity.name}`;
        }
      });
      await importSeedFiles(driver, "neo4j", [changed]);
      expect(await tallyMismatches(driver)).toEqual([]);
      expect(await storedTally(driver, "theme:hrdd")).toBe((before.theme ?? 0) - 1);
      expect(await storedTally(driver, "event:cop-2022-02-28")).toBe((before.event ?? 0) - 1);
      expect(await storedTally(driver, "organization:icrc")).toBe((before.organization ?? 0) - 1);

      await importSeedFiles(driver, "neo4j", [seed]);
      expect(await tallyMismatches(driver)).toEqual([]);
      expect(await storedTally(driver, "theme:hrdd")).toBe(before.theme);
      expect(await storedTally(driver, "event:cop-2022-02-28")).toBe(before.event);
    },
  );

  it(
    "match a recount after a second source adds facts, and after --remove takes it out",
    slowImports,
    async () => {
      await clearGraph(driver);
      await importSeedFiles(driver, "neo4j", [seed]);
      const before = await storedTally(driver, "event:cop-2022-06-21");
      const quote = "Amazon joined the COP in 2023.";
      const evidence = [{ section: "MEMBERS", quote }];
      const notes = await variant(
        "notes-with-tallied-facts",
        path.join(notesFolder, "btech-cop-2023-notes.yaml"),
        (draft) => {
          draft.entities.push({
            id: "theme:tally-test-remedy",
            type: "Theme",
            name: "Remedy (tally test)",
            evidence,
          });
          draft.facts.push(
            {
              predicate: "PARTICIPATED_IN",
              subject: "company:amazon",
              object: "event:cop-2022-06-21",
              evidence,
            },
            {
              predicate: "HAS_THEME",
              subject: "event:cop-2022-06-21",
              object: "theme:tally-test-remedy",
              evidence,
            },
          );
        },
      );
      await importSeedFiles(driver, "neo4j", [notes]);
      expect(await tallyMismatches(driver)).toEqual([]);
      expect(await storedTally(driver, "event:cop-2022-06-21")).toBe((before ?? 0) + 1);
      expect(await storedTally(driver, "theme:tally-test-remedy")).toBe(1);

      await removeSources(driver, "neo4j", ["source:test-cop-2023-notes"]);
      expect(await tallyMismatches(driver)).toEqual([]);
      expect(await storedTally(driver, "event:cop-2022-06-21")).toBe(before);
    },
  );

  it(
    "are recounted all at once where a graph has none (a bulk load, an older graph)",
    slowImports,
    async () => {
      await clearGraph(driver);
      await importSeedFiles(driver, "neo4j", [seed]);
      await driver.executeQuery(
        `MATCH (n) WHERE n:Theme OR n:Event OR n:Organization
       REMOVE n.eventsTally, n.eventsTallyOrder, n.companiesTally, n.companiesTallyOrder, n.expertsTally,
              n.expertsTallyOrder`,
      );
      expect((await tallyMismatches(driver)).length).toBeGreaterThan(0);
      expect(await refreshAllTallies(driver, "neo4j")).toBeGreaterThan(0);
      expect(await tallyMismatches(driver)).toEqual([]);
    },
  );
});

describe("tallies kept by the editing API", () => {
  const secret = "test-secret-of-at-least-32-characters!!";
  const testSource = "source:tally-test-notes";
  const removeTestRecords = (driver: Driver) =>
    removeTestEdits(driver, { source: testSource, idsContaining: "tally-test" });
  const server = serveAppForSuite({
    api: loadConfig({ JWT_SECRET: secret }).api,
    before: async (driver) => {
      await ensureSeeded(driver, sharedNeo4j().database);
      await removeTestRecords(driver);
    },
    after: removeTestRecords,
  });
  const citation = (quote: string) => ({ source: testSource, section: "NOTES", quote });
  const edit = async (query: string, input: unknown) => {
    const authorization = `Bearer ${await mintToken(secret, { roles: ["editor"] })}`;
    const { body } = await postGraphQL(server.url, query, { input }, { authorization });
    expect(body.errors).toBeUndefined();
    return body.data;
  };
  const summary = "{ created updated unchanged }";

  it("match a recount after each mutation that can change a count", async () => {
    const { driver } = server;
    // An event no company took part in, and a company: the mutation adds the event's first.
    const { records } = await driver.executeQuery(
      `MATCH (event:Event) WHERE NOT EXISTS { (event)<-[:PARTICIPATED_IN]-(:Company) }
       WITH event ORDER BY event.id LIMIT 1
       MATCH (company:Company) WITH event, company ORDER BY company.id LIMIT 1
       RETURN event.id AS event, company.id AS company`,
    );
    const event = records[0]?.get("event") as string;
    const company = records[0]?.get("company") as string;
    const before = await storedTally(driver, event);
    expect(before).toBe(0);
    await edit(`mutation S($input: [SourceInput!]!) { upsertSources(input: $input) ${summary} }`, [
      { id: testSource, title: "Tally test notes", year: 2022 },
    ]);
    await edit(`mutation E($input: [EntityInput!]!) { upsertEntities(input: $input) ${summary} }`, [
      { id: "theme:tally-test-remedy", name: "Remedy (tally test)", evidence: [citation("remedy")] },
      { id: "organization:tally-test-body", name: "A body (tally test)", evidence: [citation("a body")] },
      { id: "expert:tally-test-expert", name: "An expert (tally test)", evidence: [citation("an expert")] },
    ]);
    expect(await tallyMismatches(driver)).toEqual([]);
    expect(await storedTally(driver, "theme:tally-test-remedy")).toBe(0);

    const facts = [
      { predicate: "PARTICIPATED_IN", subject: company, object: event },
      { predicate: "HAS_THEME", subject: event, object: "theme:tally-test-remedy" },
      {
        predicate: "AFFILIATED_WITH",
        subject: "expert:tally-test-expert",
        object: "organization:tally-test-body",
      },
    ];
    await edit(
      `mutation F($input: [FactInput!]!) { assertFacts(input: $input) ${summary} }`,
      facts.map((fact) => ({ ...fact, evidence: [citation(`${fact.predicate} (tally test)`)] })),
    );
    expect(await tallyMismatches(driver)).toEqual([]);
    expect(await storedTally(driver, event)).toBe((before ?? 0) + 1);
    expect(await storedTally(driver, "theme:tally-test-remedy")).toBe(1);
    expect(await storedTally(driver, "organization:tally-test-body")).toBe(1);

    // A rename moves the theme's key: it ranks by name among the themes of one event.
    await edit(`mutation E($input: [EntityInput!]!) { upsertEntities(input: $input) ${summary} }`, [
      { id: "theme:tally-test-remedy", name: "Aaa remedy (tally test)", evidence: [citation("remedy")] },
    ]);
    expect(await tallyMismatches(driver)).toEqual([]);

    const factId = (fact: (typeof facts)[number]) =>
      `fact:${fact.predicate.toLowerCase()}:${fact.subject}:${fact.object}`;
    const retracted = await edit(
      "mutation R($input: [CitationRetraction!]!) { retractCitations(input: $input) { citationsRemoved factsRemoved } }",
      facts.map((fact) => ({
        factId: factId(fact),
        source: testSource,
        section: "NOTES",
        quote: `${fact.predicate} (tally test)`,
      })),
    );
    expect(retracted.retractCitations.factsRemoved).toHaveLength(3);
    expect(await tallyMismatches(driver)).toEqual([]);
    expect(await storedTally(driver, event)).toBe(before);
    expect(await storedTally(driver, "theme:tally-test-remedy")).toBe(0);
    expect(await storedTally(driver, "organization:tally-test-body")).toBe(0);
  });
});
