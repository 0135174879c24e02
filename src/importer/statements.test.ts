import { describe, expect, it } from "vitest";
import type { PropertyRule } from "../model/index.ts";
import {
  canonicalJson,
  compareRanks,
  type EntityStatement,
  type FactStatement,
  mergeEntityStatements,
  mergeFactStatements,
  sourceRank,
  statementsJson,
} from "./statements.ts";

const text: PropertyRule = { type: "String", list: false };
const companyProperties = new Map<string, PropertyRule>([
  ["sector", text],
  ["country", text],
]);
const programmeProperties = new Map<string, PropertyRule>([
  ["kind", text],
  ["objectives", { type: "String", list: true }],
]);

const statement = (values: Partial<EntityStatement>): EntityStatement => ({
  name: "Twitter",
  properties: {},
  evidence: "digest",
  ...values,
});

describe("sourceRank and compareRanks", () => {
  const order = (...sources: Parameters<typeof sourceRank>[0][]) =>
    sources
      .map(sourceRank)
      .sort(compareRanks)
      .map((rank) => rank.id);

  it("ranks a higher priority first, whatever the dates", () => {
    expect(
      order({ id: "source:a", date: "2023-01-10" }, { id: "source:b", year: 2021, priority: 1 }),
    ).toEqual(["source:b", "source:a"]);
  });

  it("ranks a later date first, a year counting as its last day, an unknown date last", () => {
    expect(
      order(
        { id: "source:undated" },
        { id: "source:2022", year: 2022 },
        { id: "source:mid-2022", date: "2022-06-30" },
        { id: "source:2023", date: "2023-01-02" },
      ),
    ).toEqual(["source:2023", "source:2022", "source:mid-2022", "source:undated"]);
  });

  it("breaks a tie by id, never by the order given", () => {
    const a = { id: "source:a", year: 2022 };
    const b = { id: "source:b", year: 2022 };
    expect(order(a, b)).toEqual(["source:a", "source:b"]);
    expect(order(b, a)).toEqual(["source:a", "source:b"]);
  });
});

describe("mergeEntityStatements", () => {
  const ranks = new Map([
    ["source:review-2022", sourceRank({ id: "source:review-2022", year: 2022 })],
    ["source:notes-2023", sourceRank({ id: "source:notes-2023", date: "2023-03-01" })],
  ]);
  const older = statement({
    name: "Twitter",
    description: "A social network.",
    aliases: ["Twitter Inc."],
    flags: ["The text says Twitter throughout."],
    properties: { sector: "Social media" },
  });
  const newer = statement({
    name: "X",
    aliases: ["X Corp.", "Twitter Inc."],
    flags: ["Renamed in 2023."],
    properties: { country: "United States" },
  });

  it("takes single values from the best-ranked source that gives one, and unites lists in rank order", () => {
    const merged = mergeEntityStatements(
      { "source:review-2022": older, "source:notes-2023": newer },
      ranks,
      companyProperties,
    );
    const open = {
      validFrom: null,
      validUntil: null,
      validFromDate: null,
      validUntilDate: null,
      validityBasis: null,
    };
    expect(merged).toEqual({
      name: "X",
      // Every name any source gives is searchable: the older source's name among the other names.
      names: ["X", "Twitter"],
      nameHistory: null,
      description: "A social network.",
      aliases: ["X Corp.", "Twitter Inc."],
      aliasText: "X Corp. | Twitter Inc. | Twitter",
      flags: ["Renamed in 2023.", "The text says Twitter throughout."],
      sector: "Social media",
      country: "United States",
      ...open,
    });
  });

  it("gives the same merge whatever order the statements come in", () => {
    const one = mergeEntityStatements(
      { "source:review-2022": older, "source:notes-2023": newer },
      ranks,
      companyProperties,
    );
    const other = mergeEntityStatements(
      { "source:notes-2023": newer, "source:review-2022": older },
      ranks,
      companyProperties,
    );
    expect(other).toEqual(one);
  });

  it("writes every declared property, null where no source gives one, so a withdrawn value is removed", () => {
    const merged = mergeEntityStatements({ "source:review-2022": statement({}) }, ranks, companyProperties);
    expect(merged).toMatchObject({ description: null, aliases: null, aliasText: null, flags: null });
    expect(merged).toMatchObject({ sector: null, country: null });
  });

  it("unites a list property (a programme's objectives) in rank order without duplicates", () => {
    const merged = mergeEntityStatements(
      {
        "source:review-2022": statement({ properties: { objectives: ["learn", "share"] } }),
        "source:notes-2023": statement({ properties: { kind: "PROJECT", objectives: ["scale", "learn"] } }),
      },
      ranks,
      programmeProperties,
    );
    expect(merged.objectives).toEqual(["scale", "learn", "share"]);
    expect(merged.kind).toBe("PROJECT");
  });
});

describe("mergeFactStatements", () => {
  const since = new Map<string, PropertyRule>([["since", { type: "Int", list: false }]]);
  const ranks = new Map([
    ["source:a", sourceRank({ id: "source:a", year: 2022 })],
    ["source:b", sourceRank({ id: "source:b", year: 2021, priority: 2 })],
  ]);
  const fact = (values: Partial<FactStatement>): FactStatement => ({
    properties: {},
    basis: "INFERRED",
    evidence: "digest",
    ...values,
  });

  it("is STATED when any source states it, unites flags and takes each property from the best source", () => {
    const merged = mergeFactStatements(
      {
        "source:a": fact({ basis: "STATED", properties: { since: 2022 }, flags: ["a's flag"] }),
        "source:b": fact({ properties: { since: 2021 }, flags: ["b's flag"] }),
      },
      ranks,
      since,
    );
    // A start year is the validity's from, where a STATED bound beats an INFERRED one before rank (design
    // of #15, §2): source a's stated 2022, though since itself is the better-ranked b's 2021.
    const validity = {
      validFrom: "2022",
      validFromDate: "2022-01-01",
      validUntil: null,
      validUntilDate: null,
      validityBasis: "STATED",
    };
    expect(merged).toEqual({
      node: { basis: "STATED", flags: ["b's flag", "a's flag"], ...validity },
      relationship: { since: 2021, ...validity },
    });
  });

  it("is INFERRED when every source only lets us infer it", () => {
    expect(mergeFactStatements({ "source:a": fact({}) }, ranks, since).node.basis).toBe("INFERRED");
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every level, so equal statements are equal text", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
    );
    expect(statementsJson({ "source:b": { x: 1 }, "source:a": { x: 2 } })).toBe(
      '{"source:a":{"x":2},"source:b":{"x":1}}',
    );
  });
});
