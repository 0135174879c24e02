import type { ExportNode } from "../../src/export/graph.ts";
import { byId, html } from "./dom.ts";
import { events, type GraphData } from "./store.ts";
import { words } from "./words.ts";

const dayMs = 86_400_000;

/** An event on the time axis: a day (a point) or a period with its true extent (a bar). */
interface Placed {
  event: ExportNode;
  start: number;
  end: number;
  isDay: boolean;
}

/** Room between two items of a lane, in pixels. */
const laneGap = 6;
/** Height of a lane, in em of the timeline's font. */
const laneHeight = 1.45;

/**
 * Draws the events on a time axis with its years (and months, under two years): events of a day as points,
 * events the source places only in a period (`2022`, `2022-H2`, `2022-11`) as bars over that period, in lanes
 * so that nothing overlaps. A click calls `onPick` with the event's id.
 */
export function drawTimeline(
  data: GraphData,
  onPick: (id: string) => void,
  onRange: (from: string, to: string) => void,
) {
  const dated = events(data)
    .map((event) => span(event))
    .filter((placed): placed is Placed => placed !== undefined)
    // Days first, so that the points take the top lanes and the bars of long periods go below them.
    .sort(
      (a, b) =>
        Number(b.isDay) - Number(a.isDay) ||
        a.start - b.start ||
        b.end - a.end ||
        (a.event.id < b.event.id ? -1 : 1),
    );
  const box = byId("timeline");
  box.innerHTML = "";
  if (dated.length === 0) return;
  const first = new Date(Math.min(...dated.map((placed) => placed.start)));
  const last = new Date(Math.max(...dated.map((placed) => placed.end)));
  const from = Date.UTC(first.getUTCFullYear(), 0, 1);
  const to = Date.UTC(last.getUTCFullYear() + 1, 0, 1);
  const x = (time: number) => ((time - from) / (to - from)) * 100;

  const axis = document.createElement("div");
  axis.className = "axis";
  for (let year = first.getUTCFullYear(); year <= last.getUTCFullYear(); year++) {
    const left = x(Date.UTC(year, 0, 1));
    axis.insertAdjacentHTML("beforeend", `<span class="tick year" style="left:${left}%">${year}</span>`);
    if (last.getUTCFullYear() - first.getUTCFullYear() < 3) {
      for (let month = 3; month < 12; month += 3) {
        const name = new Date(Date.UTC(year, month, 1)).toLocaleString("en", {
          month: "short",
          timeZone: "UTC",
        });
        axis.insertAdjacentHTML(
          "beforeend",
          `<span class="tick month" style="left:${x(Date.UTC(year, month, 1))}%">${name}</span>`,
        );
      }
    }
  }
  const lanes = document.createElement("ol");
  lanes.className = "lanes";
  const items: { item: Placed; li: HTMLLIElement }[] = [];
  for (const item of dated) {
    const li = document.createElement("li");
    li.style.left = `${x(item.start)}%`;
    const when = String(
      item.event.properties.dateText ?? item.event.properties.date ?? item.event.properties.period ?? "",
    );
    const button = document.createElement("button");
    button.type = "button";
    button.className = item.isDay ? "event day" : "event period";
    button.dataset.go = item.event.id;
    button.title = `${item.event.name} — ${when}${item.event.properties.status ? ` (${words(String(item.event.properties.status))})` : ""}`;
    button.setAttribute("aria-label", `${item.event.name}, ${when}`);
    const label = String(item.event.properties.label ?? item.event.name);
    if (!item.isDay) li.style.width = `${x(item.end + dayMs) - x(item.start)}%`;
    button.innerHTML = `<span class="mark"></span><span class="text">${html(item.isDay ? `${shortDay(item.start)} ${label}` : label)}</span>`;
    button.addEventListener("click", () => onPick(item.event.id));
    li.append(button);
    lanes.append(li);
    items.push({ item, li });
  }
  box.append(axis, lanes);
  scale = { from, to };
  brushOnDrag(box, axis, onRange);
  packer?.disconnect();
  // Lanes depend on the width in pixels (labels keep their size as the axis stretches): pack again on resize.
  packer = new ResizeObserver(() => packLanes(lanes, items));
  packer.observe(lanes);
  packLanes(lanes, items);
}

let packer: ResizeObserver | undefined;

/**
 * Greedy lanes in pixels: an item takes the first lane whose last item, label included, ends before it
 * starts, so that no bar, point or label overlaps another. Points keep lanes of their own, above the bars.
 * A label longer than the timeline's maximum is cut with an ellipsis; the button's title holds it whole.
 */
function packLanes(lanes: HTMLElement, items: { item: Placed; li: HTMLLIElement }[]) {
  const { left: origin, width } = lanes.getBoundingClientRect();
  if (width === 0) return;
  // Every box read before any lane is written, so that the page lays out once.
  const spans = items.map(({ li }) => {
    const box = li.getBoundingClientRect();
    const text = li.querySelector(".text")?.getBoundingClientRect();
    return { start: box.left - origin, reach: Math.max(box.right, text?.right ?? 0) - origin };
  });
  const laneEnds: number[] = [];
  const dayLanes = new Set<number>();
  const tops = items.map(({ item }, index) => {
    const { start, reach } = spans[index] ?? { start: 0, reach: 0 };
    let lane = laneEnds.findIndex((end, at) => end + laneGap <= start && item.isDay === dayLanes.has(at));
    if (lane === -1) lane = laneEnds.length;
    laneEnds[lane] = reach;
    if (item.isDay) dayLanes.add(lane);
    return lane;
  });
  items.forEach(({ li }, index) => {
    li.style.top = `${(tops[index] ?? 0) * laneHeight}em`;
  });
  lanes.style.height = `${laneEnds.length * laneHeight + 0.2}em`;
}

let scale = { from: 0, to: 1 };

/**
 * Dragging along the axis selects a range of days (a brush); `onRange` gets its ends as `YYYY-MM-DD`.
 * The date fields of the Focus controls do the same from the keyboard.
 */
function brushOnDrag(box: HTMLElement, axis: HTMLElement, onRange: (from: string, to: string) => void) {
  axis.title = "Drag along the axis to show the events of a range of days";
  const dayAt = (clientX: number) => {
    const rect = axis.getBoundingClientRect();
    const share = Math.min(1, Math.max(0, (clientX - rect.left) / rect.width));
    return new Date(scale.from + share * (scale.to - scale.from)).toISOString().slice(0, 10);
  };
  axis.addEventListener("pointerdown", (down) => {
    down.preventDefault();
    axis.setPointerCapture(down.pointerId);
    const start = dayAt(down.clientX);
    const move = (event: PointerEvent) => {
      const [first = "", last = ""] = [start, dayAt(event.clientX)].sort();
      showRange(first, last);
    };
    const up = (event: PointerEvent) => {
      axis.removeEventListener("pointermove", move);
      axis.removeEventListener("pointerup", up);
      const [first = "", last = ""] = [start, dayAt(event.clientX)].sort();
      if (first !== last) onRange(first, last);
    };
    axis.addEventListener("pointermove", move);
    axis.addEventListener("pointerup", up);
  });
  box.append(Object.assign(document.createElement("div"), { className: "brush", hidden: true }));
}

/** Draws the selected range of days over the timeline, or none. */
export function showRange(from: string, to: string) {
  const brush = byId("timeline").querySelector<HTMLElement>(".brush");
  if (!brush) return;
  brush.hidden = !from && !to;
  if (brush.hidden) return;
  const x = (time: number) =>
    Math.min(100, Math.max(0, ((time - scale.from) / (scale.to - scale.from)) * 100));
  const left = from ? x(Date.parse(from)) : 0;
  const right = to ? x(Date.parse(to) + dayMs) : 100;
  brush.style.left = `${left}%`;
  brush.style.width = `${right - left}%`;
}

/** Fades the events the current view does not show (they stay clickable: a click brings them in). */
export function markShownEvents(shown: Set<string>) {
  for (const button of byId("timeline").querySelectorAll<HTMLButtonElement>("button[data-go]")) {
    button.classList.toggle("outside", !shown.has(button.dataset.go ?? ""));
  }
}

function span(event: ExportNode): Placed | undefined {
  const day = event.properties.date;
  if (typeof day === "string") {
    const time = Date.parse(day);
    return Number.isNaN(time) ? undefined : { event, start: time, end: time, isDay: true };
  }
  const start = Date.parse(String(event.properties.startDate ?? ""));
  const end = Date.parse(String(event.properties.endDate ?? event.properties.startDate ?? ""));
  if (Number.isNaN(start)) return undefined;
  return { event, start, end: Number.isNaN(end) ? start : end, isDay: false };
}

function shortDay(time: number): string {
  return new Date(time).toLocaleString("en", { day: "numeric", month: "short", timeZone: "UTC" });
}
