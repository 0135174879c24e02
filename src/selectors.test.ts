import { isDate } from "neo4j-driver";
import { describe, expect, it } from "vitest";
import { dayProblem, selectorParameters, sourceProblem } from "./selectors.ts";

describe("dayProblem", () => {
  it("accepts a real day written YYYY-MM-DD", () => {
    expect(dayProblem("2022-06-15")).toBeUndefined();
    expect(dayProblem("2024-02-29")).toBeUndefined();
  });

  it("says what is wrong with anything else", () => {
    expect(dayProblem("2023-02-29")).toBe("2023-02-29 is not a day of the calendar");
    expect(dayProblem("2022-13-01")).toBe("2022-13-01 is not a day of the calendar");
    expect(dayProblem("2022-06")).toBe('"2022-06" is not a day: write it as YYYY-MM-DD, e.g. 2022-06-15');
    expect(dayProblem("15/06/2022")).toMatch(/is not a day: write it as YYYY-MM-DD/);
  });
});

describe("sourceProblem", () => {
  it("names the graph's sources when the source is not one of them", () => {
    expect(sourceProblem("source:a", ["source:a", "source:b"])).toBeUndefined();
    expect(sourceProblem("source:nope", ["source:a", "source:b"])).toBe(
      "source:nope: no such source; the graph's sources are source:a, source:b",
    );
    expect(sourceProblem("source:nope", [])).toBe(
      "source:nope: no such source; the graph's sources are none (the graph is empty)",
    );
  });
});

describe("selectorParameters", () => {
  it("hands asOf to Cypher as a Date, so that it compares with the graph's Date properties", () => {
    const { asOf, source } = selectorParameters({ asOf: "2022-06-15", source: "source:a" });
    expect(isDate(asOf)).toBe(true);
    expect(String(asOf)).toBe("2022-06-15");
    expect(source).toBe("source:a");
    expect(selectorParameters({ asOf: null, source: null })).toEqual({ asOf: null, source: null });
  });
});
