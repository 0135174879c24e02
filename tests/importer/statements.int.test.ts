// Statements per source (#15): the bundled 2022 seed and a second document of our own making
// (tests/fixtures/second-document/, invented test data) imported together, one after the other in both
// orders, and with a source removed in between, compared as whole-graph dumps.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bundledSeedFiles,
  ImportError,
  importSeedFiles,
  removeSources,
  seedFolder,
} from "../../src/importer/index.ts";
import { runScript } from "../helpers/cli.ts";
import { clearGraph, graphChecksum } from "../helpers/graph.ts";
import { type GraphDump, graphDump } from "../helpers/graph-dump.ts";
import { neo4jEnvironment, sharedDriver } from "../helpers/neo4j.ts";
import { parseSeedYaml, seedYaml } from "../helpers/seed-yaml.ts";

/** A parsed seed file that a test edits into a variant. */
// biome-ignore lint/suspicious/noExplicitAny: the variants reach into the file's shape freely
type SeedDraft = any;

const driver = sharedDriver();
/** Each test builds the graph several times over (a few seconds per import of the seed on a busy machine). */
const slowImports = { timeout: 180_000 };
const notesFolder = path.join(import.meta.dirname, "..", "fixtures", "second-document");
const notes = path.join(notesFolder, "btech-cop-2023-notes.yaml");
const notesSource = "source:test-cop-2023-notes";
let seed: string;
let seedSource: string;
let seedDraft: SeedDraft;
let workdir: string;

/** Empties the graph, then imports each group of files in turn (one run per group). */
async function build(...runs: string[][]): Promise<GraphDump> {
  await clearGraph(driver);
  for (const files of runs) await importSeedFiles(driver, "neo4j", files);
  return graphDump(driver);
}

/** The notes under another file name in the work folder, edited (beside a copy of their text). */
async function notesVariant(name: string, edit: (draft: SeedDraft) => void = () => {}): Promise<string> {
  const draft: SeedDraft = parseSeedYaml(await readFile(notes, "utf8"));
  edit(draft);
  const file = path.join(workdir, `${name}.yaml`);
  await writeFile(file, seedYaml(draft));
  return file;
}

/** The node of `id` as the graph holds it, with its statements parsed. */
async function node(
  id: string,
): Promise<Record<string, unknown> & { statements: Record<string, SeedDraft> }> {
  const { records } = await driver.executeQuery("MATCH (n {id: $id}) RETURN properties(n) AS props", { id });
  const props = records[0]?.get("props") as Record<string, unknown> | undefined;
  if (!props) throw new Error(`${id} is not in the graph`);
  return { ...props, statements: JSON.parse(props.statements as string) };
}

/** The seed's record of an entity, as the file gives it. */
const seedEntity = (id: string) => seedDraft.entities.find((entity: SeedDraft) => entity.id === id);
const seedFact = (predicate: string, subject: string, object: string) =>
  seedDraft.facts.find(
    (fact: SeedDraft) => fact.predicate === predicate && fact.subject === subject && fact.object === object,
  );
const factId = (subject: string) => `fact:member_of:${subject}:programme:cop`;

beforeAll(async () => {
  const bundled = (await bundledSeedFiles())[0];
  if (!bundled) throw new Error("no bundled seed file");
  seed = bundled;
  seedDraft = parseSeedYaml(await readFile(seed, "utf8"));
  seedSource = seedDraft.source.id;
  workdir = await mkdtemp(path.join(tmpdir(), "btech-statements-"));
  await cp(
    path.join(notesFolder, "btech-cop-2023-notes.txt"),
    path.join(workdir, "btech-cop-2023-notes.txt"),
  );
  await cp(path.join(seedFolder, "sources"), path.join(workdir, "sources"), { recursive: true });
});

afterAll(async () => {
  await clearGraph(driver);
  await driver.close();
  await rm(workdir, { recursive: true, force: true });
});

describe("two sources about the same records", slowImports, () => {
  let seedAlone: GraphDump;
  let notesAlone: GraphDump;
  let together: GraphDump;
  beforeAll(async () => {
    seedAlone = await build([seed]);
    notesAlone = await build([notes]);
    together = await build([seed, notes]);
  });

  it("give the same graph imported together, the seed then the notes, or the notes then the seed", async () => {
    expect(together).not.toEqual(seedAlone);
    expect(await build([seed], [notes])).toEqual(together);
    expect(await build([notes], [seed])).toEqual(together);
    expect(await build([notes, seed])).toEqual(together);
  });

  it("give, once a source is removed, the graph of the other source alone", async () => {
    await build([seed, notes]);
    const removed = await removeSources(driver, "neo4j", [notesSource]);
    expect(removed.deleted).toEqual(expect.arrayContaining(["company:amazon", factId("company:amazon")]));
    expect(removed.updated).toEqual(expect.arrayContaining(["company:twitter", factId("company:twitter")]));
    expect(await graphDump(driver)).toEqual(seedAlone);

    await build([notes], [seed]);
    await removeSources(driver, "neo4j", [seedSource]);
    expect(await graphDump(driver)).toEqual(notesAlone);
  });

  it("keep everything of the seed when the notes alone are imported after it (the loss #15 reported)", async () => {
    await build([seed], [notes]);
    const hpe = await node("company:hewlett-packard-enterprise");
    expect(hpe.aliases).toEqual([
      "Hewlett Packard",
      ...seedEntity("company:hewlett-packard-enterprise").aliases,
    ]);

    const telefonica = await node("company:telefonica");
    const seedTelefonica = seedEntity("company:telefonica");
    expect(telefonica).toMatchObject({
      aliases: seedTelefonica.aliases,
      description: seedTelefonica.description,
      sector: seedTelefonica.properties.sector,
      country: seedTelefonica.properties.country,
    });

    const twitter = await node("company:twitter");
    expect(twitter.statements[seedSource].description).toBe(seedEntity("company:twitter").description);
    expect(twitter.aliases).toEqual(["X"]);

    const cop = await node("programme:cop");
    const seedCop = seedEntity("programme:cop");
    expect(cop).toMatchObject({ description: seedCop.description, flags: seedCop.flags });
    expect(cop.status).toBe(seedCop.properties.status);
    expect(cop.objectives ?? null).toEqual(seedCop.properties.objectives ?? null);

    const bachelet = await node("representative:michelle-bachelet");
    const seedBachelet = seedEntity("representative:michelle-bachelet");
    expect(bachelet).toMatchObject({
      description: seedBachelet.description,
      flags: seedBachelet.flags,
      role: seedBachelet.properties.role,
    });

    for (const company of ["company:twitter", "company:hewlett-packard-enterprise", "company:telefonica"]) {
      const membership = await node(factId(company));
      const seedMembership = seedFact("MEMBER_OF", company, "programme:cop");
      expect(membership.flags).toEqual(expect.arrayContaining(seedMembership.flags));
      expect(Object.keys(membership.statements).sort()).toEqual([seedSource, notesSource].sort());
    }
  });

  it("keep each source's time whatever the order: the seed's start and the notes' end of a membership, the notes' names", async () => {
    for (const runs of [
      [[seed], [notes]],
      [[notes], [seed]],
    ]) {
      await build(...runs);
      const vodafone = await node(factId("company:vodafone"));
      expect(vodafone).toMatchObject({ validFrom: "2021", validUntil: "2023-06", validityBasis: "STATED" });
      expect(Object.keys(vodafone.statements).sort()).toEqual([seedSource, notesSource].sort());
      const meta = await node("company:meta");
      expect(meta).toMatchObject({
        name: "Meta",
        nameHistory: ["Facebook||2021-10-27||2021-10-27", "Meta|2021-10-28||2021-10-28|"],
      });
      expect(meta.aliasText).toContain("Facebook");
    }
    await removeSources(driver, "neo4j", [notesSource]);
    const vodafone = await node(factId("company:vodafone"));
    expect(vodafone).toMatchObject({ validFrom: "2021", validityBasis: "INFERRED" });
    // A property set to null is not stored: the end went with the notes.
    expect(vodafone.validUntil ?? null).toBeNull();
    expect((await node("company:meta")).nameHistory ?? null).toBeNull();
  });

  it("show each source's flag with its source in statements, and their union on the record", async () => {
    await build([seed, notes]);
    const membership = await node(factId("company:twitter"));
    const seedFlags = seedFact("MEMBER_OF", "company:twitter", "programme:cop").flags;
    expect(membership.statements[notesSource].flags).toEqual([
      "Test flag: the notes do not say when Twitter joined.",
    ]);
    expect(membership.statements[seedSource].flags).toEqual(seedFlags);
    // The notes are dated later than the seed's year, so their flag comes first.
    expect(membership.flags).toEqual(["Test flag: the notes do not say when Twitter joined.", ...seedFlags]);
    expect(membership.basis).toBe("STATED");
  });

  it("change nothing when either file is imported again", async () => {
    await build([seed, notes]);
    const checksum = await graphChecksum(driver);
    for (const files of [[notes], [seed], [seed, notes]]) {
      const again = await importSeedFiles(driver, "neo4j", files);
      for (const counts of [...Object.values(again.nodes), ...Object.values(again.facts)]) {
        expect(counts.created + counts.updated).toBe(0);
      }
      expect(again.withdrawn).toEqual({ updated: [], deleted: [] });
    }
    expect(await graphChecksum(driver)).toBe(checksum);
  });
});

describe("the merge rule", slowImports, () => {
  const twitterDescription = async () => (await node("company:twitter")).description;
  const notesDescription = "A social media company that took the name X in 2023.";

  it("prefers the later source, whatever the file names or the order of import", async () => {
    // The seed is about 2022 (ranked as of 2022-12-31), the notes dated 2023-03-15: the notes win.
    const first = await notesVariant("a-first");
    const seedCopy = path.join(workdir, "z-last.yaml");
    await cp(seed, seedCopy);
    const oneWay = await build([first, seedCopy]);
    expect(await twitterDescription()).toBe(notesDescription);
    expect(await build([seedCopy, first])).toEqual(oneWay);
    expect(await build([seedCopy], [first])).toEqual(oneWay);

    await notesVariant("a-first", (draft) => {
      draft.source.date = "2021-06-01";
    });
    await build([first], [seedCopy]);
    expect(await twitterDescription()).toBe(seedEntity("company:twitter").description);
  });

  it("prefers a higher priority over a later date", async () => {
    const older = await notesVariant("older-but-preferred", (draft) => {
      draft.source.date = "2021-06-01";
      draft.source.priority = 1;
    });
    await build([seed], [older]);
    expect(await twitterDescription()).toBe(notesDescription);
    await build([older], [seed]);
    expect(await twitterDescription()).toBe(notesDescription);
  });

  it("breaks a tie of priority and date by the sources' ids", async () => {
    const sameYear = (id: string) => (draft: SeedDraft) => {
      draft.source.id = id;
      draft.source.year = seedDraft.source.year;
      delete draft.source.date;
    };
    // source:a… sorts before the seed's id, source:zz… after it.
    const before = await notesVariant("tie-before", sameYear("source:a-test-notes"));
    await build([seed, before]);
    expect(await twitterDescription()).toBe(notesDescription);
    const after = await notesVariant("tie-after", sameYear("source:zz-test-notes"));
    await build([after, seed]);
    expect(await twitterDescription()).toBe(seedEntity("company:twitter").description);
  });
});

describe("a re-import that no longer states a record", slowImports, () => {
  it("withdraws its source's statement and citations, and deletes what no source states any more", async () => {
    const shorter = await notesVariant("shorter", (draft) => {
      const dropped = new Set(["company:amazon", "company:hewlett-packard-enterprise"]);
      draft.entities = draft.entities.filter((entity: SeedDraft) => !dropped.has(entity.id));
      draft.facts = draft.facts.filter((fact: SeedDraft) => !dropped.has(fact.subject));
    });
    const expected = await build([seed, shorter]);
    await build([seed, notes]);
    const summary = await importSeedFiles(driver, "neo4j", [shorter]);
    expect(summary.withdrawn.deleted.sort()).toEqual(["company:amazon", factId("company:amazon")].sort());
    expect(summary.withdrawn.updated.sort()).toEqual(
      ["company:hewlett-packard-enterprise", factId("company:hewlett-packard-enterprise")].sort(),
    );
    expect(await graphDump(driver)).toEqual(expected);
    expect((await node("company:hewlett-packard-enterprise")).aliases).toEqual(
      seedEntity("company:hewlett-packard-enterprise").aliases,
    );
  });

  it("is refused when a fact another source states would lose an end, and leaves the graph as it was", async () => {
    const withoutAmazon = await notesVariant("without-amazon", (draft) => {
      draft.entities = draft.entities.filter((entity: SeedDraft) => entity.id !== "company:amazon");
      draft.facts = draft.facts.filter((fact: SeedDraft) => fact.subject !== "company:amazon");
    });
    const confirming = await notesVariant("confirming", (draft) => {
      draft.source.id = "source:test-confirming-notes";
      draft.entities = [];
      draft.facts = draft.facts.filter((fact: SeedDraft) => fact.subject === "company:amazon");
    });
    await build([seed, notes], [confirming]);
    const checksum = await graphChecksum(driver);
    const refusal = await importSeedFiles(driver, "neo4j", [withoutAmazon]).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ImportError);
    expect((refusal as ImportError).problems).toEqual([
      `${factId("company:amazon")}: its subject company:amazon would be deleted (no source left defines it once ${notesSource} is taken out), but the fact stays, stated by source:test-confirming-notes. Take that source out too (npm run seed -- --remove source:test-confirming-notes), or define company:amazon in it.`,
    ]);
    expect(await graphChecksum(driver)).toBe(checksum);

    const removal = await removeSources(driver, "neo4j", [notesSource]).catch((error: unknown) => error);
    expect((removal as ImportError).message).toMatch(/^Nothing was removed; the graph is as it was:/);
    expect((removal as ImportError).problems).toEqual((refusal as ImportError).problems);
    expect(await graphChecksum(driver)).toBe(checksum);

    // Removing both takes the fact and the entity out.
    await removeSources(driver, "neo4j", [notesSource, "source:test-confirming-notes"]);
    const afterRemoval = await graphDump(driver);
    expect(afterRemoval).toEqual(await build([seed]));
  });

  it("--remove refuses a source the graph does not hold, naming the ones it does", async () => {
    await build([seed]);
    const checksum = await graphChecksum(driver);
    const refusal = await removeSources(driver, "neo4j", ["source:nowhere"]).catch((error: unknown) => error);
    expect((refusal as ImportError).problems).toEqual([
      `--remove source:nowhere: no such source in the graph (it holds ${seedSource})`,
    ]);
    expect(await graphChecksum(driver)).toBe(checksum);
  });
});

describe("npm run seed -- --remove", slowImports, () => {
  const environment = () => neo4jEnvironment();

  it("takes a source out and says what it removed and merged again", async () => {
    const seedAlone = await build([seed]);
    await build([seed, notes]);
    const result = await runScript("src/importer/cli.ts", ["--remove", notesSource], environment());
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`removed ${notesSource}`));
    expect(result.stdout).toMatch(/deleted 2 entities and 2 facts no other source states/);
    expect(result.stdout).toMatch(/merged again 8 entities and 4 facts that other sources also state/);
    expect(await graphDump(driver)).toEqual(seedAlone);
  });

  it("refuses, in a sentence and without a stack trace, a source the graph does not hold or files beside --remove", async () => {
    const unknown = await runScript("src/importer/cli.ts", ["--remove", "source:nowhere"], environment());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /Nothing was removed; the graph is as it was:\n {2}--remove source:nowhere: no such source in the graph/,
    );
    expect(unknown.stderr).not.toMatch(/\n\s+at /);

    const mixed = await runScript("src/importer/cli.ts", [notes, "--remove", notesSource], environment());
    expect(mixed.code).toBe(1);
    expect(mixed.stderr.trim()).toBe(
      `give either files to import or --remove SOURCE-ID, not both (got ${notes} and --remove ${notesSource})`,
    );
  });
});
