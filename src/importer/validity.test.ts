// What the importer writes for facts and names in time: the validity properties, their basis, the
// citations of the validity and of each dated name, the v1 membership's `since` as its start, and the merge
// of several sources' statements (a STATED bound beats an INFERRED one, then the better-ranked source).
import { describe, expect, it } from "vitest";
import { deriveModelRules } from "../model/index.ts";
import { seedFileSchema } from "./format.ts";
import { entityRow, factRow } from "./resolve.ts";
import { fileRows } from "./rows.ts";
import { mergeNames, mergeValidity } from "./validity.ts";

const rules = deriveModelRules();
const schema = seedFileSchema(rules);
const stated = [{ section: "S", quote: "stated" }];
const inferred = [{ section: "S", quote: "inferred", basis: "INFERRED", reason: "why" }];

/** One file's records, merged as the importer writes them (one source: its statements alone). */
function rowsOf(file: Record<string, unknown>) {
  const data = schema.parse({ format: "btech-graph/v2", source: { id: "source:test", title: "T" }, ...file });
  const { entities, facts } = fileRows(data);
  const ranks = new Map();
  return {
    entities: entities.map(({ type, row }) => ({
      row: entityRow(row, row.statements, ranks, rules.entityTypes.get(type) ?? new Map()),
    })),
    facts: facts.map(({ predicate, row }) => ({
      row: factRow(row, row.statements, ranks, rules.predicates.get(predicate)?.properties ?? new Map()),
    })),
  };
}

describe("a fact's validity", () => {
  it("is written on the fact node and its direct relationship, with dates of the first and last day", () => {
    const { facts } = rowsOf({
      facts: [
        {
          predicate: "REPRESENTS",
          subject: "representative:michelle-bachelet",
          object: "organization:ohchr",
          properties: { role: "High Commissioner" },
          valid: { until: "2022-08", evidence: inferred },
          evidence: inferred,
        },
      ],
    });
    const row = facts[0]?.row;
    const validity = {
      validFrom: null,
      validUntil: "2022-08",
      validFromDate: null,
      validUntilDate: "2022-08-31",
      validityBasis: "INFERRED",
    };
    expect(row?.props).toMatchObject({ ...validity, basis: "INFERRED" });
    expect(row?.relationshipProps).toEqual({ role: "High Commissioner", ...validity });
    expect(row?.citations.map((citation) => citation.about)).toEqual([null, "valid"]);
  });

  it("takes a fact's basis from its own citations only, not from those of its validity", () => {
    const { facts } = rowsOf({
      facts: [
        {
          predicate: "MEMBER_OF",
          subject: "company:x",
          object: "programme:cop",
          valid: { from: "2022-Q2", evidence: stated },
          evidence: inferred,
        },
      ],
    });
    expect(facts[0]?.row.props).toMatchObject({
      basis: "INFERRED",
      validityBasis: "STATED",
      validFromDate: "2022-04-01",
    });
  });

  it("starts a membership at its since year when its validity gives no from (a v1 file), with the fact's basis", () => {
    const { facts } = rowsOf({
      format: "btech-graph/v1",
      facts: [
        {
          predicate: "MEMBER_OF",
          subject: "company:x",
          object: "programme:cop",
          properties: { since: 2021 },
          evidence: inferred,
        },
        {
          predicate: "MEMBER_OF",
          subject: "company:y",
          object: "programme:cop",
          properties: { since: 2021 },
          valid: { from: "2021-03", evidence: stated },
          evidence: inferred,
        },
      ],
    });
    expect(facts[0]?.row.props).toMatchObject({
      validFrom: "2021",
      validFromDate: "2021-01-01",
      validUntil: null,
      validityBasis: "INFERRED",
    });
    expect(facts[0]?.row.citations.map((citation) => citation.about)).toEqual([null]);
    expect(facts[1]?.row.props).toMatchObject({ validFrom: "2021-03", validityBasis: "STATED" });
  });
});

describe("an entity's names and validity", () => {
  it("keeps every name, a history in date order, the open name as its name, and cites each name's evidence", () => {
    const { entities } = rowsOf({
      entities: [
        {
          id: "company:meta",
          type: "Company",
          name: "Facebook",
          aliases: ["FB"],
          names: [
            { name: "Meta", from: "2021-10-28", evidence: stated },
            { name: "Facebook", until: "2021-10-27", evidence: inferred },
          ],
          evidence: stated,
        },
      ],
    });
    const row = entities[0]?.row;
    expect(row?.props).toMatchObject({
      name: "Meta",
      names: ["Meta", "Facebook"],
      nameHistory: ["Facebook||2021-10-27||2021-10-27", "Meta|2021-10-28||2021-10-28|"],
      aliasText: "FB | Facebook",
    });
    expect(row?.citations.map((citation) => [citation.about, citation.basis])).toEqual([
      [null, "STATED"],
      ["name:Meta", "STATED"],
      ["name:Facebook", "INFERRED"],
    ]);
  });

  it("gives an organisation a validity, and an event none", () => {
    const { entities } = rowsOf({
      entities: [
        {
          id: "organization:x",
          type: "Organization",
          name: "X",
          valid: { from: "2020", evidence: stated },
          evidence: stated,
        },
        {
          id: "event:y",
          type: "Event",
          name: "Y",
          properties: { kind: "SESSION", period: "2022" },
          evidence: stated,
        },
      ],
    });
    expect(entities[0]?.row.props).toMatchObject({
      validFrom: "2020",
      validFromDate: "2020-01-01",
      validityBasis: "STATED",
    });
    expect(entities[1]?.row.props).not.toHaveProperty("validFrom");
  });
});

describe("merging several sources' statements", () => {
  it("takes each bound from a STATED statement before an INFERRED one, then from the better-ranked source", () => {
    expect(
      mergeValidity([
        { from: { text: "2021", basis: "INFERRED" }, until: { text: "2023-06", basis: "INFERRED" } },
        { from: { text: "2021-03", basis: "STATED" } },
        { from: { text: "2021-04", basis: "STATED" }, until: { text: "2023-07", basis: "INFERRED" } },
      ]),
    ).toEqual({
      validFrom: "2021-03",
      validUntil: "2023-06",
      validFromDate: "2021-03-01",
      validUntilDate: "2023-06-30",
      validityBasis: "STATED",
    });
    expect(mergeValidity([{}, {}]).validityBasis).toBeNull();
  });

  it("unites the dated names of all sources; the open one that began last is the name", () => {
    const merged = mergeNames([
      { name: "Meta Platforms", names: [{ name: "Meta", from: "2021-10-28" }] },
      {
        name: "Facebook",
        names: [
          { name: "Facebook", until: "2021-10-27" },
          { name: "Meta", from: "2021-10-28" },
        ],
      },
    ]);
    expect(merged.name).toBe("Meta");
    expect(merged.names).toEqual(["Meta", "Meta Platforms", "Facebook"]);
    expect(merged.nameHistory).toHaveLength(2);
    // Without dated names, the best-ranked source's name.
    expect(
      mergeNames([
        { name: "X Corp", names: [] },
        { name: "Twitter", names: [] },
      ]),
    ).toEqual({
      name: "X Corp",
      names: ["X Corp", "Twitter"],
      nameHistory: null,
    });
  });
});
