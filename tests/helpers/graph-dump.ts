import neo4j, { type Driver } from "neo4j-driver";

/** One node of a {@link graphDump}: its labels (sorted) and every property. */
export interface DumpedNode {
  labels: string[];
  properties: Record<string, unknown>;
}

/** One relationship of a {@link graphDump}: its type, the ids of its ends and every property. */
export interface DumpedRelationship {
  type: string;
  from: string;
  to: string;
  properties: Record<string, unknown>;
}

/** The whole graph as plain data, in an order that depends on its content only. */
export interface GraphDump {
  nodes: DumpedNode[];
  relationships: DumpedRelationship[];
}

/**
 * Every node (labels and all properties) and every relationship (type, ends' ids, all properties) of the
 * graph, sorted by their canonical JSON: two graphs with the same content give equal dumps, whatever order
 * they were written in (citations are relationships, so a list of them is sorted too). Neo4j values become
 * JSON ones: integers numbers, dates `YYYY-MM-DD` text.
 */
export async function graphDump(driver: Driver, database = "neo4j"): Promise<GraphDump> {
  const [{ records: nodes }, { records: relationships }] = await Promise.all([
    driver.executeQuery(
      "MATCH (n) RETURN labels(n) AS labels, properties(n) AS properties",
      {},
      { database },
    ),
    driver.executeQuery(
      `MATCH (a)-[r]->(b)
       RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS properties`,
      {},
      { database },
    ),
  ]);
  return {
    nodes: sortByJson(
      nodes.map((record) => ({
        labels: [...(record.get("labels") as string[])].sort(),
        properties: plain(record.get("properties")) as Record<string, unknown>,
      })),
    ),
    relationships: sortByJson(
      relationships.map((record) => ({
        type: record.get("type") as string,
        from: record.get("from") as string,
        to: record.get("to") as string,
        properties: plain(record.get("properties")) as Record<string, unknown>,
      })),
    ),
  };
}

/** A dump with the node of `id` alone, for a readable failure when two dumps differ. */
export function dumpedNode(dump: GraphDump, id: string): DumpedNode | undefined {
  return dump.nodes.find((node) => node.properties.id === id);
}

function sortByJson<Item>(items: Item[]): Item[] {
  return items
    .map((item) => [canonical(item), item] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, item]) => item);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1)))
      : item,
  );
}

function plain(value: unknown): unknown {
  if (neo4j.isInt(value)) return value.toNumber();
  if (neo4j.isDate(value) || neo4j.isDateTime(value) || neo4j.isLocalDateTime(value)) return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, item]) => [key, plain(item)]),
    );
  }
  return value;
}
