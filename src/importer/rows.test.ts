import { describe, expect, it } from "vitest";
import { type CitationRow, entityRecord, evidenceDigest, factRecord } from "./rows.ts";

const cite = (sourceId: string, quote: string, basis: CitationRow["basis"] = "STATED"): CitationRow => ({
  sourceId,
  section: "NOTES",
  quote,
  basis,
  reason: basis === "INFERRED" ? "read between the lines" : null,
  about: null,
});

describe("evidenceDigest", () => {
  it("depends on the citations, not on their order, and counts an absent field as null", () => {
    const a = cite("source:a", "one");
    const b = cite("source:a", "two", "INFERRED");
    expect(evidenceDigest([a, b])).toBe(evidenceDigest([b, a]));
    const { reason: _reason, ...withoutReason } = a;
    expect(evidenceDigest([withoutReason as CitationRow])).toBe(evidenceDigest([a]));
    expect(evidenceDigest([a])).not.toBe(evidenceDigest([{ ...a, quote: "one!" }]));
  });
});

describe("entityRecord and factRecord", () => {
  it("give each cited source its own statement, with the digest of its own citations", () => {
    const citations = [cite("source:a", "one"), cite("source:b", "two")];
    const record = entityRecord(
      {
        id: "company:acme",
        type: "Company",
        name: "Acme",
        aliases: ["ACME", "ACME"],
        properties: { country: "Spain" },
        evidence: [],
      },
      citations,
    );
    expect(Object.keys(record.statements)).toEqual(["source:a", "source:b"]);
    expect(record.statements["source:a"]).toEqual({
      name: "Acme",
      aliases: ["ACME"],
      properties: { country: "Spain" },
      evidence: evidenceDigest([cite("source:a", "one")]),
    });
  });

  it("mark a source's statement of a fact STATED only if one of its own citations states it", () => {
    const record = factRecord(
      { predicate: "MEMBER_OF", subject: "company:acme", object: "programme:cop", evidence: [] },
      [cite("source:a", "one", "INFERRED"), cite("source:b", "two"), cite("source:b", "three", "INFERRED")],
    );
    expect(record.id).toBe("fact:member_of:company:acme:programme:cop");
    expect(record.statements["source:a"]?.basis).toBe("INFERRED");
    expect(record.statements["source:b"]?.basis).toBe("STATED");
  });
});
