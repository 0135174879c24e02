import {
  ExplorerEntitiesDocument,
  type ExplorerEntitiesQuery,
  ExplorerFactsDocument,
  type ExplorerFactsQuery,
  ExplorerProgrammeRelationshipsDocument,
  ExplorerRepresentationsDocument,
} from "../../graph/generated/graphql.ts";
import type { Citation, ExportEdge, ExportGraph, ExportNode, PropertyValue } from "../../src/export/graph.ts";
import { sortGraph } from "../../src/export/graph.ts";
import { allPages, request } from "./api.ts";

/**
 * Page sizes that keep each request under the API's cost bound (GRAPHQL_MAX_COST, 20,000 by default: rows
 * times nested rows): 20 entities or facts with up to 10 citations each (the seed has at most 5).
 */
const pageSize = 20;
const citationsPerItem = 10;

type EntityRow = ExplorerEntitiesQuery["entities"][number];
type FactRow = ExplorerFactsQuery["facts"][number];
type CitationEdges = EntityRow["sourcesConnection"]["edges"];

// Fields that are not properties of the entity, and the `<Type>_<property>` aliases of properties whose type
// differs between types (web/src/graphql/entity-properties.generated.graphql).
const notProperties = new Set(["__typename", "id", "name", "sourcesConnection"]);
const typedAlias = /^[A-Z][A-Za-z0-9]*_(\w+)$/;

/**
 * Loads the whole graph through the GraphQL API, in the shape the exports write (src/export/graph.ts):
 * entities with their citations, facts as edges with their citations and relationship properties.
 */
export async function loadGraph(): Promise<ExportGraph> {
  const citations = citationsPerItem;
  const entities = await allPages(
    pageSize,
    async (limit, offset) => (await request(ExplorerEntitiesDocument, { limit, offset, citations })).entities,
  );
  const programmes = entities
    .filter((entity) => entity.__typename === "Programme")
    .map((entity) => entity.id);
  const [facts, relationshipProperties] = await Promise.all([
    allPages(
      pageSize,
      async (limit, offset) => (await request(ExplorerFactsDocument, { limit, offset, citations })).facts,
    ),
    loadRelationshipProperties(programmes),
  ]);
  const nodes = entities.filter((entity) => entity.__typename !== "Source").map(toNode);
  const ids = new Set(nodes.map((node) => node.id));
  const edges = facts
    .filter((fact) => ids.has(fact.subjectId) && ids.has(fact.objectId))
    .map((fact) => toEdge(fact, relationshipProperties.get(fact.id) ?? {}));
  return sortGraph({ nodes, edges });
}

function toNode(entity: EntityRow): ExportNode {
  const properties: Record<string, PropertyValue> = {};
  for (const [key, value] of Object.entries(entity)) {
    if (notProperties.has(key) || value === null || value === undefined) continue;
    properties[typedAlias.exec(key)?.[1] ?? key] = value as PropertyValue;
  }
  return {
    id: entity.id,
    type: entity.__typename,
    name: entity.name,
    properties,
    evidence: citations(entity.sourcesConnection.edges),
  };
}

function toEdge(fact: FactRow, properties: Record<string, PropertyValue>): ExportEdge {
  return {
    id: fact.id,
    source: fact.subjectId,
    target: fact.objectId,
    type: fact.predicate,
    basis: fact.basis,
    properties: { ...properties, ...(fact.flags?.length ? { flags: fact.flags } : {}) },
    evidence: citations(fact.sourcesConnection.edges),
  };
}

function citations(edges: CitationEdges): Citation[] {
  return (
    edges
      .map(({ node, properties }) => ({
        source: node.id,
        sourceTitle: node.title,
        section: properties.section,
        quote: properties.quote,
        basis: properties.basis,
        ...(properties.reason ? { reason: properties.reason } : {}),
      }))
      // The order the server's export uses (Cypher's ORDER BY source, section, quote), so both agree.
      .sort((a, b) => compare([a.source, a.section, a.quote], [b.source, b.section, b.quote]))
  );
}

function compare(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    const [x = "", y = ""] = [a[i], b[i]];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** since / role / status / year of the relationships that carry them, by fact id. */
async function loadRelationshipProperties(
  programmes: string[],
): Promise<Map<string, Record<string, PropertyValue>>> {
  const byFact = new Map<string, Record<string, PropertyValue>>();
  const add = (edges: { properties: Record<string, unknown> & { factId: string } }[]) => {
    for (const { properties } of edges) {
      const { factId, __typename: _, ...rest } = properties;
      const plain = Object.fromEntries(
        Object.entries(rest).filter(([, value]) => value !== null && value !== undefined),
      ) as Record<string, PropertyValue>;
      byFact.set(factId, plain);
    }
  };
  const [perProgramme, representatives] = await Promise.all([
    Promise.all(programmes.map((id) => request(ExplorerProgrammeRelationshipsDocument, { id, first: 200 }))),
    allPages(
      pageSize,
      async (limit, offset) =>
        (await request(ExplorerRepresentationsDocument, { limit, offset, first: 50 })).representatives,
    ),
  ]);
  for (const programme of perProgramme.flatMap((data) => data.programmes)) {
    add(programme.membersConnection.edges);
    add(programme.practicesConnection.edges);
    add(programme.contributingExpertsConnection.edges);
    add(programme.contributingCompaniesConnection.edges);
    add(programme.contributingOrganizationsConnection.edges);
    add(programme.contributingRepresentativesConnection.edges);
  }
  for (const representative of representatives) {
    add(representative.representsCompaniesConnection.edges);
    add(representative.representsOrganizationsConnection.edges);
  }
  return byFact;
}
