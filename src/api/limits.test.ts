import { describe, expect, it } from "vitest";
import { assumedListSize, filterCost } from "./limits.ts";

describe("filterCost", () => {
  it("costs nothing for comparisons and logical operators, however many", () => {
    expect(filterCost(undefined)).toBe(0);
    expect(filterCost({ id: { eq: "x" } })).toBe(0);
    expect(filterCost({ OR: [{ name: { contains: "a" } }, { NOT: { id: { in: ["a", "b"] } } }] })).toBe(0);
  });

  it("costs a relationship filter what selecting the same path would, growing with each level", () => {
    const one = filterCost({ themes: { some: { id: { eq: "x" } } } });
    const two = filterCost({ events: { some: { themes: { all: { id: { eq: "x" } } } } } });
    expect(one).toBe(assumedListSize);
    expect(two).toBe(assumedListSize * (1 + assumedListSize));
    let deep: unknown = { id: { eq: "x" } };
    for (let level = 0; level < 8; level += 1) deep = { events: { none: deep } };
    expect(filterCost(deep)).toBeGreaterThan(assumedListSize ** 8);
  });

  it("adds up filters side by side, in lists and connection filters alike", () => {
    const one = { themes: { single: { id: { eq: "x" } } } };
    expect(filterCost({ AND: [one, one, one] })).toBe(3 * assumedListSize);
    expect(filterCost({ eventsConnection: { some: { node: one } } })).toBe(
      assumedListSize * (1 + assumedListSize),
    );
    expect(filterCost({ eventsConnection: { aggregate: { count: { nodes: { gt: 2 } } } } })).toBe(
      assumedListSize,
    );
  });
});
