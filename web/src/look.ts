import type { Core } from "cytoscape";
import {
  ExplorerBetweennessDocument,
  ExplorerCommunitiesDocument,
  ExplorerPageRankDocument,
} from "../../graph/generated/graphql.ts";
import { typeColours } from "../../src/export/palette.ts";
import { request } from "./api.ts";
import { byId, notice } from "./dom.ts";
import type { GraphData } from "./store.ts";

const communityColours = [
  "#1b9e77",
  "#d95f02",
  "#7570b3",
  "#e7298a",
  "#66a61e",
  "#e6ab02",
  "#a6761d",
  "#666666",
];

/** Sizes nodes by degree, or by a centrality from the analytics API (falls back to degree, and says so). */
export async function sizeBy(cy: Core, data: GraphData, measure: string): Promise<void> {
  let scores = new Map<string, number>();
  if (measure === "degree") {
    for (const [id, next] of data.neighbours) scores.set(id, next.size);
  } else {
    try {
      notice(`Computing ${measure}…`);
      const result =
        measure === "pagerank"
          ? (await request(ExplorerPageRankDocument, { limit: 500 })).pageRank
          : (await request(ExplorerBetweennessDocument, { limit: 500 })).betweennessCentrality;
      scores = new Map(result.scores.map((score) => [score.node.id, score.score]));
      notice(`Sized by ${measure}.`);
    } catch (error) {
      notice(`Analytics unavailable (${(error as Error).message}): sized by degree.`, "warning");
      byId<HTMLSelectElement>("size-by").value = "degree";
      return sizeBy(cy, data, "degree");
    }
  }
  const max = Math.max(1e-9, ...scores.values());
  cy.batch(() => {
    cy.nodes().forEach((node) => {
      node.data("size", Math.sqrt((scores.get(node.id()) ?? 0) / max));
    });
  });
}

/** Colours nodes by their Louvain community from the analytics API, or back by type. */
export async function colourByCommunity(cy: Core, on: boolean): Promise<void> {
  const legend = byId("community-legend");
  legend.innerHTML = "";
  if (!on) {
    cy.nodes().forEach((node) => {
      node.data("colour", typeColours[node.data("type")] ?? typeColours.default);
    });
    return;
  }
  try {
    notice("Finding communities…");
    const { louvainCommunities } = await request(ExplorerCommunitiesDocument, {});
    const community = new Map<string, number>();
    for (const group of louvainCommunities.communities)
      for (const member of group.members) community.set(member.id, group.id);
    const colourOf = (id: number) => communityColours[(id - 1) % communityColours.length] ?? "#dddddd";
    cy.nodes().forEach((node) => {
      const id = community.get(node.id());
      node.data("colour", id === undefined ? "#dddddd" : colourOf(id));
    });
    for (const group of louvainCommunities.communities.slice(0, communityColours.length)) {
      const item = document.createElement("li");
      item.innerHTML = `<span class="swatch" style="background:${colourOf(group.id)}"></span>Community ${group.id} (${group.size})`;
      legend.append(item);
    }
    notice(
      `${louvainCommunities.communityCount} communities (modularity ${louvainCommunities.modularity?.toFixed(2) ?? "n/a"}).`,
    );
  } catch (error) {
    notice(`Communities unavailable: ${(error as Error).message}`, "warning");
    byId<HTMLInputElement>("communities").checked = false;
  }
}
