// The timeline query (graph/questions/timeline.cypher) seeks events by start date and relies on how the importer dates
// them: a period starts on the first of a month and ends before the same day a year later.
import { describe, expect, it } from "vitest";
import { dateRange } from "./plan.ts";

describe("dateRange", () => {
  const periods = (year: number) => [
    `${year}`,
    `${year}-H1`,
    `${year}-H2`,
    ...[1, 2, 3, 4].map((quarter) => `${year}-Q${quarter}`),
    ...Array.from({ length: 12 }, (_, month) => `${year}-${String(month + 1).padStart(2, "0")}`),
  ];

  it("starts every period on the first of a month and ends it within a year, on its last day", () => {
    for (const year of [2019, 2020, 2022, 2100]) {
      for (const period of periods(year)) {
        const { startDate, endDate } = dateRange(undefined, period);
        expect(startDate, period).toMatch(/^\d{4}-\d{2}-01$/);
        const start = new Date(`${startDate}T00:00:00Z`);
        const end = new Date(`${endDate}T00:00:00Z`);
        const yearLater = new Date(start);
        yearLater.setUTCFullYear(start.getUTCFullYear() + 1);
        expect(end.getTime(), period).toBeGreaterThanOrEqual(start.getTime());
        expect(end.getTime(), period).toBeLessThan(yearLater.getTime());
        // The last day of its last month: the day after is a first.
        expect(new Date(end.getTime() + 86_400_000).getUTCDate(), period).toBe(1);
      }
    }
  });

  it("gives a dated event its day as both ends, and an undated one neither", () => {
    expect(dateRange("2022-06-21", "2022")).toEqual({ startDate: "2022-06-21", endDate: "2022-06-21" });
    expect(dateRange(undefined, undefined)).toEqual({ startDate: null, endDate: null });
    expect(dateRange(undefined, "sometime")).toEqual({ startDate: null, endDate: null });
  });
});
