// The graph's invariants, checked in the database itself: what every import and every write through the
// editing API must leave true. Tests run it after attacks and fuzzing; it reads, never writes.
import type { Driver } from "neo4j-driver";
import { deriveModelRules, idPattern, type ModelRules } from "../model/index.ts";

/** One invariant that does not hold: which, how many records break it, and the ids of the first few. */
export interface InvariantViolation {
  rule: string;
  count: number;
  /** Up to `sampleSize` ids (of nodes, or of the facts that relationships name). */
  ids: string[];
}

const sampleSize = 20;

/**
 * Each invariant as a statement returning one `id` per record that breaks it. Parameters: `$types` (the
 * model's node types), `$predicates`, `$pairs` (`PREDICATE Subject->Object`) and `$idPattern`.
 */
const invariants: { rule: string; statement: string }[] = [
  {
    rule: "every node but a Fact has the Entity label and one type label, and its id starts with that type's prefix",
    statement: `
        MATCH (n) WHERE NOT n:Fact AND NOT n:ImportRun
        WITH n, [label IN labels(n) WHERE label IN $types] AS typeLabels
        WHERE NOT n:Entity OR size(typeLabels) <> 1
           OR NOT coalesce(n.id STARTS WITH toLower(typeLabels[0]) + ':', false)
        RETURN coalesce(n.id, elementId(n)) AS id`,
  },
  {
    rule: "every id is non-empty and well-formed (`<type>:<slug>`, lowercase letters, digits and dashes)",
    statement: `
        MATCH (n) WHERE NOT n:Fact AND NOT n:ImportRun AND NOT coalesce(n.id =~ $idPattern, false)
        RETURN coalesce(n.id, elementId(n)) AS id`,
  },
  {
    rule: "ids are unique across every node",
    statement: `
        MATCH (n) WHERE n.id IS NOT NULL
        WITH n.id AS id, count(*) AS nodes WHERE nodes > 1
        RETURN id`,
  },
  {
    rule: "every fact's id is fact:<predicate>:<subject id>:<object id>, of a predicate of the model",
    statement: `
        MATCH (f:Fact)
        WHERE NOT coalesce(f.predicate IN $predicates, false)
           OR NOT coalesce(f.id = 'fact:' + toLower(f.predicate) + ':' + f.subjectId + ':' + f.objectId, false)
        RETURN coalesce(f.id, elementId(f)) AS id`,
  },
  {
    rule: "every fact has at least one citation",
    statement: `
        MATCH (f:Fact) WHERE NOT EXISTS { (f)-[:CITED_IN]->(:Source) }
        RETURN coalesce(f.id, elementId(f)) AS id`,
  },
  {
    rule: "every entity (but a source) has at least one citation",
    statement: `
        MATCH (n:Entity) WHERE NOT n:Source AND NOT EXISTS { (n)-[:CITED_IN]->(:Source) }
        RETURN coalesce(n.id, elementId(n)) AS id`,
  },
  {
    rule: "every citation leads to a source and has a section, a quote, a basis, and a reason when INFERRED",
    statement: `
        MATCH (n)-[c:CITED_IN]->(s)
        WHERE NOT s:Source OR trim(coalesce(c.section, '')) = '' OR trim(coalesce(c.quote, '')) = ''
           OR NOT coalesce(c.basis IN ['STATED', 'INFERRED'], false)
           OR (c.basis = 'INFERRED' AND trim(coalesce(c.reason, '')) = '')
        RETURN DISTINCT coalesce(n.id, elementId(n)) AS id`,
  },
  {
    rule: "every fact has one subject and one object, the entities of its subjectId and objectId",
    statement: `
        MATCH (f:Fact)
        WITH f, COLLECT { MATCH (f)-[:SUBJECT]->(s) RETURN s } AS subjects,
                COLLECT { MATCH (f)-[:OBJECT]->(o) RETURN o } AS objects
        WHERE size(subjects) <> 1 OR size(objects) <> 1
           OR NOT coalesce(subjects[0]:Entity AND subjects[0].id = f.subjectId, false)
           OR NOT coalesce(objects[0]:Entity AND objects[0].id = f.objectId, false)
        RETURN coalesce(f.id, elementId(f)) AS id`,
  },
  {
    rule: "every fact has exactly one direct relationship of its predicate, from its subject to its object",
    statement: `
        MATCH (f:Fact)
        WITH f, COUNT {
          MATCH (s:Entity {id: f.subjectId})-[r]->(o:Entity {id: f.objectId})
          WHERE type(r) = f.predicate AND r.factId = f.id
        } AS links
        WHERE links <> 1
        RETURN coalesce(f.id, elementId(f)) AS id`,
  },
  {
    rule: "a fact's basis, and its direct relationship's, is STATED exactly when one of its own citations is (not of its validity)",
    statement: `
        MATCH (f:Fact)-[c:CITED_IN]->(:Source) WHERE c.about IS NULL
        WITH f, collect(c.basis) AS bases
        WITH f, CASE WHEN 'STATED' IN bases THEN 'STATED' ELSE 'INFERRED' END AS basis
        WHERE f.basis <> basis OR EXISTS {
          MATCH (:Entity {id: f.subjectId})-[r {factId: f.id}]->(:Entity {id: f.objectId}) WHERE r.basis <> basis
        }
        RETURN f.id AS id`,
  },
  {
    rule: "every direct relationship's factId resolves to the fact of its predicate and ends",
    statement: `
        MATCH (a)-[r]->(b) WHERE type(r) IN $predicates
        OPTIONAL MATCH (f:Fact {id: r.factId})
        WITH a, r, b, f
        WHERE f IS NULL OR f.predicate <> type(r) OR f.subjectId <> a.id OR f.objectId <> b.id
        RETURN coalesce(r.factId, type(r) + ' ' + coalesce(a.id, elementId(a)) + ' -> ' + coalesce(b.id, elementId(b))) AS id`,
  },
  {
    rule: "every direct relationship joins two types its predicate may join",
    statement: `
        MATCH (a)-[r]->(b) WHERE type(r) IN $predicates
        WITH a, r, b, [label IN labels(a) WHERE label IN $types][0] AS from, [label IN labels(b) WHERE label IN $types][0] AS to
        WHERE NOT coalesce(type(r) + ' ' + from + '->' + to IN $pairs, false)
        RETURN coalesce(r.factId, type(r) + ' ' + coalesce(a.id, elementId(a)) + ' -> ' + coalesce(b.id, elementId(b))) AS id`,
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
  };
  const violations: InvariantViolation[] = [];
  for (const { rule, statement } of invariants) {
    const { records } = await driver.executeQuery(
      `CALL () { ${statement} }
       RETURN count(id) AS count, collect(id)[0..${sampleSize}] AS ids`,
      parameters,
      { database, routing: "READ" },
    );
    const count = Number(records[0]?.get("count") ?? 0);
    if (count > 0) violations.push({ rule, count, ids: records[0]?.get("ids") as string[] });
  }
  return violations;
}
