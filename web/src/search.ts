import { ExplorerSearchDocument } from "../../graph/generated/graphql.ts";
import { request } from "./api.ts";
import { byId, notice } from "./dom.ts";
import { words } from "./words.ts";

/**
 * The API's full-text search: lists the hits under the search box and picks the best one (when `pickBest`
 * agrees, or it is the only one). Says so where the
 * eye is when nothing matches (`No match for “Telef”`).
 */
export async function search(
  text: string,
  known: (hit: { id: string; type: string }) => boolean,
  byName: (text: string) => { id: string; type: string; name: string }[],
  pick: (id: string) => void,
  /** Whether to pick the best hit at once (else the reader picks from the list). */
  pickBest: (best: { name: string }, text: string) => boolean = () => true,
) {
  const list = byId("search-results");
  list.innerHTML = "";
  if (!text) return;
  notice(`Searching for “${text}”…`);
  try {
    let hits = (await request(ExplorerSearchDocument, { phrase: text, limit: 20 })).search.filter((hit) =>
      known(hit),
    );
    // Full-text search matches whole words: a part of a name ("Telef") finds nothing there, so look in names.
    if (hits.length === 0) hits = byName(text);
    if (hits.length === 0) {
      notice(`No match for “${text}”: try part of a name, e.g. “Telefónica” or “Red Cross”.`, "warning");
      return;
    }
    notice(
      `${hits.length} match${hits.length === 1 ? "" : "es"} for “${text}”${hits.length > 1 ? " (listed under Filters)" : ""}.`,
    );
    for (const hit of hits) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "link";
      button.dataset.go = hit.id;
      button.textContent = `${hit.name} (${words(hit.type.toUpperCase())})`;
      button.addEventListener("click", () => pick(hit.id));
      item.append(button);
      list.append(item);
    }
    const first = hits[0];
    if (first && (hits.length === 1 || pickBest(first, text))) pick(first.id);
  } catch (error) {
    notice(`Search failed: ${(error as Error).message}`, "warning");
  }
}
