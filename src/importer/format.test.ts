// The v2 parts of the seed format: `valid` on facts and entities, dated `names`, and the problems a file gets
// for them, each naming its record and field as the importer reports it (file: record.field: what is wrong).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { dump } from "js-yaml";
import { describe, expect, it } from "vitest";
import { deriveModelRules } from "../model/index.ts";
import { formatPath, seedFileSchema } from "./format.ts";
import { ImportError, planImport } from "./plan.ts";

const schema = seedFileSchema(deriveModelRules());
const stated = [{ section: "S", quote: "a quote" }];
const source = { id: "source:test", title: "Test" };
const company = { id: "company:meta", type: "Company", name: "Meta", evidence: stated };
const cop = { id: "programme:cop", type: "Programme", name: "COP", evidence: stated };
const membership = {
  predicate: "MEMBER_OF",
  subject: "company:meta",
  object: "programme:cop",
  evidence: stated,
};

/** The problems of a file as the importer words them, without the file name. */
function problemsOf(file: Record<string, unknown>): string[] {
  const result = schema.safeParse({ format: "btech-graph/v2", source, ...file });
  return (result.error?.issues ?? []).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}

describe("the seed format, v1 and v2", () => {
  it("reads v1 and v2 files with one schema, and names both versions when the tag is wrong", () => {
    for (const format of ["btech-graph/v1", "btech-graph/v2"]) {
      expect(schema.safeParse({ format, source, entities: [company] }).success, format).toBe(true);
    }
    expect(problemsOf({ format: "btech-graph/v3" })).toEqual([
      'format: must be "btech-graph/v1" or "btech-graph/v2"',
    ]);
  });

  it("accepts a validity of days and periods, a bare year as the year, and dated names that follow each other", () => {
    const result = schema.safeParse({
      format: "btech-graph/v2",
      source,
      entities: [
        {
          ...company,
          names: [
            { name: "Facebook", until: "2021-10-27", evidence: stated },
            { name: "Meta", from: "2021-10-28", evidence: stated },
          ],
        },
        cop,
      ],
      facts: [{ ...membership, valid: { from: 2021, until: "2022-H2", evidence: stated } }],
    });
    expect(result.error?.issues).toBeUndefined();
    expect(result.data?.facts[0]?.valid).toEqual({
      from: "2021",
      until: "2022-H2",
      evidence: [{ section: "S", quote: "a quote", basis: "STATED" }],
    });
  });

  it("refuses a from after its until, comparing the first day of from with the last day of until", () => {
    expect(
      problemsOf({ facts: [{ ...membership, valid: { from: "2023", until: "2022-08", evidence: stated } }] }),
    ).toEqual(['facts[0].valid.from: "2023" is after until "2022-08"']);
    // Within one month is not "after": 2022-08 runs until its last day.
    expect(
      problemsOf({
        facts: [{ ...membership, valid: { from: "2022-08-31", until: "2022-08", evidence: stated } }],
      }),
    ).toEqual([]);
    expect(
      problemsOf({
        entities: [
          { ...company, names: [{ name: "Meta", from: "2022-02", until: "2022-01-31", evidence: stated }] },
        ],
      }),
    ).toEqual(['entities[0].names[0].from: "2022-02" is after until "2022-01-31"']);
  });

  it("refuses two names of one entity whose periods share a day, naming both", () => {
    expect(
      problemsOf({
        entities: [
          cop,
          {
            ...company,
            names: [
              { name: "Facebook", until: "2021-10-28", evidence: stated },
              { name: "Meta", from: "2021-10", evidence: stated },
            ],
          },
        ],
      }),
    ).toEqual(['entities[1].names[1]: "Meta" from 2021-10 overlaps "Facebook" until 2021-10-28']);
  });

  it("refuses a validity on an Event: its date or period says when it happened", () => {
    const event = {
      id: "event:launch",
      type: "Event",
      name: "Launch",
      properties: { kind: "SESSION", date: "2022-05-17" },
      valid: { until: "2022-06", evidence: stated },
      evidence: stated,
    };
    expect(problemsOf({ entities: [event] })).toEqual([
      "entities[0].valid: an Event has no validity; its date or period says when it happened",
    ]);
  });

  it("names the field of every other mistake of a validity", () => {
    expect(
      problemsOf({
        facts: [
          { ...membership, valid: { evidence: stated } },
          { ...membership, object: "programme:other", valid: { from: "2022-13", evidence: stated } },
          { ...membership, object: "programme:third", valid: { from: "2022-02-30", evidence: [] } },
          {
            ...membership,
            object: "programme:fourth",
            valid: { from: "2022", evidence: stated, to: "2023" },
          },
          {
            ...membership,
            object: "programme:fifth",
            valid: { from: "2022", evidence: [{ section: "S", quote: "q", basis: "INFERRED" }] },
          },
        ],
      }),
    ).toEqual([
      "facts[0].valid: needs from, until or both",
      'facts[1].valid.from: "2022-13" is not a day (2022-08-31) or a period (2022, 2022-08, 2022-H2 or 2022-Q3)',
      'facts[2].valid.from: "2022-02-30" is not a day (2022-08-31) or a period (2022, 2022-08, 2022-H2 or 2022-Q3)',
      "facts[2].valid.evidence: needs at least one item: a validity says where it comes from",
      'facts[3].valid: Unrecognized key: "to"',
      "facts[4].valid.evidence[0].reason: is required when basis is INFERRED",
    ]);
  });
});

describe("an import of a v2 file with mistakes in time", () => {
  it("refuses it before writing, each problem naming the file, the record and the field", async () => {
    const folder = await mkdtemp(path.join(tmpdir(), "btech-time-format-"));
    try {
      await writeFile(path.join(folder, "text.txt"), "a quote");
      const file = path.join(folder, "review-2023.yaml");
      const entities = [
        {
          ...company,
          names: [
            { name: "Facebook", until: "2021-10-28", evidence: stated },
            { name: "Meta", from: "2021-10", evidence: stated },
          ],
        },
        cop,
        {
          id: "event:launch",
          type: "Event",
          name: "Launch",
          properties: { kind: "SESSION", date: "2022-05-17" },
          valid: { until: "2022-06", evidence: stated },
          evidence: stated,
        },
      ];
      const facts = [{ ...membership, valid: { from: "2023", until: "2022-08", evidence: stated } }];
      await writeFile(
        file,
        // noRefs: the records share their evidence objects, which js-yaml would write as anchors (refused).
        dump(
          { format: "btech-graph/v2", source: { ...source, file: "text.txt" }, entities, facts },
          { noRefs: true },
        ),
      );
      const refusal = await planImport([file], deriveModelRules()).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(ImportError);
      const display = path.relative(process.cwd(), file);
      expect((refusal as ImportError).problems).toEqual([
        `${display}: entities[0].names[1]: "Meta" from 2021-10 overlaps "Facebook" until 2021-10-28`,
        `${display}: entities[2].valid: an Event has no validity; its date or period says when it happened`,
        `${display}: facts[0].valid.from: "2023" is after until "2022-08"`,
      ]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
