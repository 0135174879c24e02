// The tallies of a first load, counted from the plan rather than recounted in the graph once it is written: a
// bulk load writes them into its CSV files instead of recounting the whole graph after neo4j-admin (5.5 s of a
// 100k load, a fifth of a 1M one), and a small import into an empty graph (the bundled seed at `npm start`'s
// first run) sets them with the nodes instead of running graph/tallies/refresh.cypher, the costliest of its
// statements for a just-started Neo4j to plan (1.1 s). The counts and keys are the ones refresh.cypher writes,
// which stays their definition for every other write. tests/importer/bulk.int.test.ts proves both give the
// same graph, byte for byte, on the bundled seed, a second document and a 10k generated set, and
// tests/importer/tallies.int.test.ts that the seed's import matches a recount. A store neo4j-admin has just
// built is not looked at for missing tallies (`applyConstraints`' `newStore`): it has every one of them.
import neo4j from "neo4j-driver";
import type { ImportPlan } from "./plan.ts";

/** One tally of refresh.cypher: which facts count towards which entity, and the properties it is kept in. */
interface TallyRule {
  /** The counted entity's type: the object of the facts counted. */
  type: string;
  predicate: string;
  /** Only facts from subjects of this type count… */
  onlyFrom?: string;
  /** …or all but those from subjects of this type. */
  notFrom?: string;
  count: string;
  key: string;
  /** An event's key sorts its first day between the count and the name. */
  dated: boolean;
}

const rules: TallyRule[] = [
  // HAS_THEME comes from events and programmes: only events count.
  {
    type: "Theme",
    predicate: "HAS_THEME",
    notFrom: "Programme",
    count: "eventsTally",
    key: "eventsTallyOrder",
    dated: false,
  },
  {
    type: "Event",
    predicate: "PARTICIPATED_IN",
    onlyFrom: "Company",
    count: "companiesTally",
    key: "companiesTallyOrder",
    dated: true,
  },
  {
    type: "Organization",
    predicate: "AFFILIATED_WITH",
    count: "expertsTally",
    key: "expertsTallyOrder",
    dated: false,
  },
];

/** The tally properties of one entity, given its written properties (a name, and an event's first day). */
export type TallyOf = (type: string, id: string, props: Record<string, unknown>) => Record<string, unknown>;

/**
 * Counts the facts of `plan` behind every tally, and returns what each entity of a counted type gets: its
 * tally (a Neo4j integer) and its key, as refresh.cypher writes them on a graph that holds just this plan.
 */
export function planTallies(plan: ImportPlan): TallyOf {
  // Only the types the rules name are looked up: a map of every entity's type costs more than the counting.
  const named = new Set(rules.flatMap(({ type, onlyFrom, notFrom }) => [type, onlyFrom, notFrom]));
  const typeOf = new Map<string, string>();
  for (const [type, records] of plan.entities) {
    if (named.has(type)) for (const { id } of records) typeOf.set(id, type);
  }
  const counted = new Map<string, number>();
  for (const { type, predicate, onlyFrom, notFrom } of rules) {
    for (const { subject, object } of plan.facts.get(predicate) ?? []) {
      if (typeOf.get(object) !== type) continue;
      const from = typeOf.get(subject);
      if ((onlyFrom && from !== onlyFrom) || (notFrom && from === notFrom)) continue;
      counted.set(object, (counted.get(object) ?? 0) + 1);
    }
  }
  const ruleOf = new Map(rules.map((rule) => [rule.type, rule]));
  return (type, id, props) => {
    const rule = ruleOf.get(type);
    if (!rule) return {};
    const tally = counted.get(id) ?? 0;
    const name = props.name;
    // As in Cypher, a key with a missing part is missing: `+ null` is null.
    if (name === undefined || name === null) return { [rule.count]: neo4j.int(tally) };
    const day = props.startDate;
    const dated = !rule.dated ? "" : day === undefined || day === null ? "~~~~~~~~~~" : String(day);
    return {
      [rule.count]: neo4j.int(tally),
      [rule.key]: `${String(9_999_999_999 - tally).padStart(10, "0")}${dated}${String(name)}`,
    };
  };
}
