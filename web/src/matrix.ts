import type { ExportEdge, ExportNode } from "../../src/export/graph.ts";
import { byId, html } from "./dom.ts";
import type { GraphData } from "./store.ts";
import { words } from "./words.ts";

/** One way from a row to a column: the facts to follow, in order (e.g. took part in, then had the theme). */
export type MatrixPath = ExportEdge[];

/** The matrices the page offers: which entities are rows and columns, and how a row reaches a column. */
export const matrixKinds: Record<string, { title: string; rows: string; cols: string }> = {
  "expert/theme": {
    title: "Experts × themes (through the events they took part in)",
    rows: "Expert",
    cols: "Theme",
  },
  "company/theme": {
    title: "Companies × themes (through the events they took part in)",
    rows: "Company",
    cols: "Theme",
  },
  "company/session": { title: "Companies × sessions (took part in)", rows: "Company", cols: "Event" },
};

const sessionKinds = new Set(["SESSION", "SPECIAL_SESSION"]);

/** Every path from each row to each column of a matrix, keyed `row\ncol`. */
export function matrixPaths(data: GraphData, rowType: string, colType: string): Map<string, MatrixPath[]> {
  const paths = new Map<string, MatrixPath[]>();
  const add = (row: string, col: string, path: MatrixPath) => {
    const key = `${row}\n${col}`;
    paths.set(key, [...(paths.get(key) ?? []), path]);
  };
  const participations = data.graph.edges.filter(
    (edge) => edge.type === "PARTICIPATED_IN" && data.nodes.get(edge.source)?.type === rowType,
  );
  for (const took of participations) {
    if (colType === "Event") {
      if (sessionKinds.has(String(data.nodes.get(took.target)?.properties.kind ?? "")))
        add(took.source, took.target, [took]);
      continue;
    }
    for (const had of data.graph.edges) {
      if (had.type === "HAS_THEME" && had.source === took.target) add(took.source, had.target, [took, had]);
    }
  }
  return paths;
}

/** A path is stated when every step of it is; else it rests on at least one inference. */
export function isStated(path: MatrixPath): boolean {
  return path.every((edge) => edge.basis === "STATED");
}

/**
 * Draws the matrix of `kind` into #matrix: every row entity of its type, the columns that at least one row
 * reaches; each cell the number of paths, stated and inferred apart. `onCell` gets a clicked cell's paths.
 */
export function drawMatrix(
  data: GraphData,
  kind: string,
  onCell: (row: ExportNode, col: ExportNode, paths: MatrixPath[]) => void,
  onKind: (kind: string) => void,
) {
  const chosen = matrixKinds[kind] ?? matrixKinds["expert/theme"];
  if (!chosen) return;
  const paths = matrixPaths(data, chosen.rows, chosen.cols);
  const byName = (a: ExportNode, b: ExportNode) => a.name.localeCompare(b.name);
  const rows = data.graph.nodes.filter((node) => node.type === chosen.rows).sort(byName);
  const reached = new Set([...paths.keys()].map((key) => key.split("\n")[1]));
  const cols = data.graph.nodes
    .filter((node) => reached.has(node.id))
    .sort((a, b) =>
      chosen.cols === "Event"
        ? String(a.properties.date ?? "").localeCompare(String(b.properties.date ?? ""))
        : byName(a, b),
    );
  const most = Math.max(1, ...[...paths.values()].map((list) => list.length));
  const box = byId("matrix");
  box.innerHTML = `
    <div class="matrix-head">
      <label for="matrix-kind">Matrix</label>
      <select id="matrix-kind">${Object.entries(matrixKinds)
        .map(
          ([name, { title }]) =>
            `<option value="${name}"${name === kind ? " selected" : ""}>${html(title)}</option>`,
        )
        .join("")}</select>
      <p class="muted small">Each cell: how many ways the row reaches the column —
        <span class="count stated">stated</span> by the source at every step,
        <span class="count inferred">inferred</span> at one step or more. Click a cell for the paths and their evidence.
        Columns that no row reaches are left out.</p>
    </div>
    <div class="matrix-scroll">
    <table class="matrix" data-kind="${html(kind)}">
      <thead><tr><th scope="col">${html(words(chosen.rows.toUpperCase()))} \\ ${html(chosen.cols === "Event" ? "session" : words(chosen.cols.toUpperCase()))}</th>${cols
        .map(
          (col) =>
            `<th scope="col" class="col" title="${html(col.name)}"><span>${html(columnLabel(col))}</span></th>`,
        )
        .join("")}</tr></thead>
      <tbody>${rows
        .map(
          (row) =>
            `<tr><th scope="row">${html(row.name)}</th>${cols
              .map((col) => {
                const list = paths.get(`${row.id}\n${col.id}`) ?? [];
                const stated = list.filter(isStated).length;
                const inferred = list.length - stated;
                const shade = list.length ? 0.12 + 0.5 * (list.length / most) : 0;
                return `<td data-row="${html(row.id)}" data-col="${html(col.id)}" data-total="${list.length}" data-stated="${stated}" data-inferred="${inferred}" style="--shade:${shade}">${
                  list.length
                    ? `<button type="button" class="cell" aria-label="${html(`${row.name} – ${col.name}: ${stated} stated, ${inferred} inferred`)}">${stated ? `<span class="count stated">${stated}</span>` : ""}${inferred ? `<span class="count inferred">${inferred}</span>` : ""}</button>`
                    : ""
                }</td>`;
              })
              .join("")}</tr>`,
        )
        .join("")}</tbody>
    </table></div>`;
  box
    .querySelector("#matrix-kind")
    ?.addEventListener("change", (event) => onKind((event.target as HTMLSelectElement).value));
  for (const cell of box.querySelectorAll<HTMLTableCellElement>("td[data-total]")) {
    const button = cell.querySelector("button");
    const [row, col] = [data.nodes.get(cell.dataset.row ?? ""), data.nodes.get(cell.dataset.col ?? "")];
    if (!button || !row || !col) continue;
    button.addEventListener("click", () => {
      for (const active of box.querySelectorAll(".active")) active.classList.remove("active");
      cell.classList.add("active");
      onCell(row, col, paths.get(`${row.id}\n${col.id}`) ?? []);
    });
  }
}

function columnLabel(node: ExportNode): string {
  if (node.type !== "Event") return node.name;
  return String(node.properties.label ?? node.name);
}
