// The graph's invariants, checked in the database itself: what every import and every write through the
// editing API must leave true. Tests run it after attacks and fuzzing; it reads, never writes.
import type { Driver } from "neo4j-driver";
import {
  deriveModelRules,
  editingStatements,
  fillPlaceholders,
  idPattern,
  invariantStatements,
  type ModelRules,
} from "../model/index.ts";

/** One invariant that does not hold: which, how many records break it, and the ids of the first few. */
export interface InvariantViolation {
  rule: string;
  count: number;
  /** Up to `sampleSize` ids (of nodes, or of the facts that relationships name). */
  ids: string[];
}

const sampleSize = 20;

/** Each invariant of graph/editing/invariants/, by the rule it checks. */
const invariants: { rule: string; statement: string }[] = [
  {
    rule: "every node but a Fact has the Entity label and one type label, and its id starts with that type's prefix",
    statement: invariantStatements["typed-entities"],
  },
  {
    rule: "every id is non-empty and well-formed (`<type>:<slug>`, lowercase letters, digits and dashes)",
    statement: invariantStatements["well-formed-ids"],
  },
  { rule: "ids are unique across every node", statement: invariantStatements["unique-ids"] },
  {
    rule: "every fact's id is fact:<predicate>:<subject id>:<object id>, of a predicate of the model",
    statement: invariantStatements["fact-ids"],
  },
  { rule: "every fact has at least one citation", statement: invariantStatements["cited-facts"] },
  {
    rule: "every entity (but a source) has at least one citation",
    statement: invariantStatements["cited-entities"],
  },
  {
    rule: "every citation leads to a source and has a section, a quote, a basis, and a reason when INFERRED",
    statement: invariantStatements["complete-citations"],
  },
  {
    rule: "every fact has one subject and one object, the entities of its subjectId and objectId",
    statement: invariantStatements["fact-ends"],
  },
  {
    rule: "every fact has exactly one direct relationship of its predicate, from its subject to its object",
    statement: invariantStatements["one-direct-relationship"],
  },
  {
    rule: "a fact's basis, and its direct relationship's, is STATED exactly when one of its own citations is (not of its validity)",
    statement: invariantStatements["fact-basis"],
  },
  {
    rule: "every direct relationship's factId resolves to the fact of its predicate and ends",
    statement: invariantStatements["relationship-facts"],
  },
  {
    rule: "every direct relationship joins two types its predicate may join",
    statement: invariantStatements["relationship-pairs"],
  },
];

/**
 * Checks every invariant of the graph (see `rulesOf`) and returns those that do not hold; an empty list means
 * the graph is sound. Reads the whole graph: fine for tests and for checking a graph after a fuzz run.
 *
 * @example
 * expect(await checkInvariants(driver, "neo4j")).toEqual([]);
 */
export async function checkInvariants(
  driver: Driver,
  database: string,
  model: ModelRules = deriveModelRules(),
): Promise<InvariantViolation[]> {
  const parameters = {
    types: [...model.entityTypes.keys(), "Source"],
    predicates: [...model.predicates.keys()],
    pairs: [...model.predicates].flatMap(([predicate, { pairs }]) =>
      [...pairs].map((pair) => `${predicate} ${pair}`),
    ),
    idPattern: idPattern.source,
    sampleSize,
  };
  const violations: InvariantViolation[] = [];
  for (const { rule, statement } of invariants) {
    const { records } = await driver.executeQuery(
      fillPlaceholders(editingStatements["invariant-violations"], { invariant: statement }),
      parameters,
      { database, routing: "READ" },
    );
    const count = Number(records[0]?.get("count") ?? 0);
    if (count > 0) violations.push({ rule, count, ids: records[0]?.get("ids") as string[] });
  }
  return violations;
}
