// The first import into an empty graph (issue #17: the bundled seed at `npm start`'s first run): on a server
// just started each statement it sends is planned and run by code Neo4j's JVM has not compiled yet, so the
// statements it sends, more than its rows, make its time; and skipping the look-ups that could only
// find nothing, and the tallies' recount (the tallies are set from the plan), writes the same graph.
import type { Driver, Session, Transaction } from "neo4j-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundledSeedFiles, importSeedFiles } from "../../src/importer/index.ts";
import { planImport } from "../../src/importer/plan.ts";
import { writePlan } from "../../src/importer/write.ts";
import { deriveModelRules, importerStatements, tallyStatements } from "../../src/model/index.ts";
import { clearGraph } from "../helpers/graph.ts";
import { graphDump } from "../helpers/graph-dump.ts";
import { sharedDriver } from "../helpers/neo4j.ts";

const driver = sharedDriver();
/** Two imports of the seed on a busy machine. */
const slowImports = { timeout: 180_000 };

/** A statement's name: its file under graph/importer/ or graph/tallies/, or the text itself. */
const statementNames = new Map<string, string>([
  ...Object.entries(importerStatements).map(([name, text]) => [text, name] as [string, string]),
  ...Object.entries(tallyStatements).map(([name, text]) => [text, `tallies/${name}`] as [string, string]),
]);
const nameOf = (text: string) => statementNames.get(text) ?? text.split("\n")[0] ?? text;

/** One explicit transaction the import began: the statements it ran, and how it ended. */
interface SeenTransaction {
  statements: string[];
  end: "open" | "committed" | "rolled back";
}

/**
 * The real driver, with a record of the explicit transactions begun through it (the importer writes in
 * those; its single statements outside one, schema look-ups, go through `executeQuery` and are not counted).
 */
function recordingDriver(real: Driver): { driver: Driver; transactions: SeenTransaction[] } {
  const transactions: SeenTransaction[] = [];
  const recordTransaction = (tx: Transaction): Transaction => {
    const seen: SeenTransaction = { statements: [], end: "open" };
    transactions.push(seen);
    return new Proxy(tx, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== "function") return value;
        if (property === "run") {
          return (text: string, ...rest: unknown[]) => {
            seen.statements.push(nameOf(text));
            return value.call(target, text, ...rest);
          };
        }
        if (property === "commit" || property === "rollback") {
          return async () => {
            await value.call(target);
            seen.end = property === "commit" ? "committed" : "rolled back";
          };
        }
        return value.bind(target);
      },
    });
  };
  const recordSession = (session: Session): Session =>
    new Proxy(session, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== "function") return value;
        if (property === "beginTransaction") {
          return (...args: unknown[]) => recordTransaction(value.apply(target, args));
        }
        return value.bind(target);
      },
    });
  const driver = new Proxy(real, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      if (property === "session") return (...args: unknown[]) => recordSession(value.apply(target, args));
      return value.bind(target);
    },
  });
  return { driver, transactions };
}

beforeAll(async () => {
  await clearGraph(driver);
});

afterAll(async () => {
  await clearGraph(driver);
  await driver.close();
});

describe("importing the bundled seed into an empty graph", () => {
  it(
    "writes in one transaction of two statements, and looks nothing up nor recounts: there is nothing to find",
    slowImports,
    async () => {
      await clearGraph(driver);
      const recording = recordingDriver(driver);
      await importSeedFiles(recording.driver, "neo4j", await bundledSeedFiles());
      expect(recording.transactions).toEqual([
        {
          statements: ["create-nodes", "create-facts-between-new-entities"],
          end: "committed",
        },
      ]);
    },
  );

  // The tallies too: set with the nodes from the plan on one path, recounted by graph/tallies/refresh.cypher on
  // the other.
  it("ends as the same graph as an import that looks the graph up first", slowImports, async () => {
    await clearGraph(driver);
    await importSeedFiles(driver, "neo4j", await bundledSeedFiles());
    const skippedLookUps = await graphDump(driver);

    await clearGraph(driver);
    // `graphEmpty: false` takes the path of a graph that holds records: the look-ups run, and find nothing.
    const rules = deriveModelRules();
    const plan = await planImport(await bundledSeedFiles(), rules);
    await writePlan(driver, "neo4j", plan, rules, undefined, undefined, false);
    const lookedUp = await graphDump(driver);

    expect(skippedLookUps.nodes.length).toBeGreaterThan(300);
    expect(skippedLookUps).toEqual(lookedUp);
  });
});
