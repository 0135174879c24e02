import {
  ExplorerStartingPointsDocument,
  type ExplorerStartingPointsQuery,
} from "../../graph/generated/graphql.ts";
import { request } from "./api.ts";
import { html } from "./dom.ts";

/** How many entities each list of starting points offers. */
const perList = 5;

/**
 * The starting points of search-first mode, from the API's tallies (read from counts, not from the whole
 * graph): the themes discussed at most events, the events most companies took part in, the organisations
 * with most experts. A click calls `onPick` with the entity's id. Says so when the API cannot answer.
 */
export async function showStartingPoints(container: HTMLElement, onPick: (id: string) => void) {
  container.innerHTML = `<p class="muted">Loading the best-connected entities…</p>`;
  let answer: ExplorerStartingPointsQuery;
  try {
    answer = await request(ExplorerStartingPointsDocument, { limit: perList });
  } catch (error) {
    container.innerHTML = `<p class="muted">No starting points: ${html((error as Error).message)}. The search works.</p>`;
    return;
  }
  const lists = [
    { title: "Themes discussed at most events", unit: "events", rows: answer.eventsPerTheme },
    { title: "Events most companies took part in", unit: "companies", rows: answer.companiesPerEvent },
    { title: "Organisations with most experts", unit: "experts", rows: answer.expertsPerOrganization },
  ];
  container.innerHTML = lists
    .map(
      (list) =>
        `<section><h3>${list.title}</h3><ul>${list.rows
          .map(
            (row) =>
              `<li><button type="button" class="link" data-go="${html(row.entity.id)}">${html(row.entity.name)}</button> <span class="muted">${row.count} ${list.unit}</span></li>`,
          )
          .join("")}</ul></section>`,
    )
    .join("");
  for (const button of container.querySelectorAll<HTMLButtonElement>("button[data-go]")) {
    button.addEventListener("click", () => onPick(button.dataset.go ?? ""));
  }
}
