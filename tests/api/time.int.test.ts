// The questions in time (issue 15) on the bundled seed: who acted for UN Human Rights and who was a member of
// the COP on a day, an entity's dated history, the name on a day. Expected answers come from the review's text
// as the seed encodes it (seed/btech-cop-2022-year-end-review.yaml), and from Cypher over the same graph.
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  EntityHistoryDocument,
  EntityStatementsDocument,
  NameAsOfDocument,
  ProgrammeMembersAsOfDocument,
  RoleHoldersAsOfDocument,
  SearchDocument,
} from "../../graph/generated/graphql.ts";
import { projectRoot } from "../../src/config.ts";
import { bundledSeedFiles, importSeedFiles } from "../../src/importer/index.ts";
import { clearGraph, ensureSeeded } from "../helpers/graph.ts";
import { serveAppForSuite } from "../helpers/http.ts";
import { runOperation } from "./client.ts";

const ohchr = "organization:ohchr";
const cop = "programme:cop";

describe("questions in time on the bundled seed", () => {
  const server = serveAppForSuite({ before: (driver) => ensureSeeded(driver) });

  const holders = async (date: string) => {
    const { data, errors } = await runOperation(server.url, RoleHoldersAsOfDocument, {
      organizationId: ohchr,
      date,
    });
    expect(errors).toBeUndefined();
    return data?.roleHoldersAsOf ?? [];
  };
  const members = async (date: string) => {
    const { data, errors } = await runOperation(server.url, ProgrammeMembersAsOfDocument, {
      programmeId: cop,
      date,
    });
    expect(errors).toBeUndefined();
    return data?.programmeMembersAsOf ?? [];
  };

  it("answers Michelle Bachelet, not Volker Türk, as High Commissioner on 2022-06-15, with the inference marked", async () => {
    const found = await holders("2022-06-15");
    const ids = found.map((holder) => holder.representative.id);
    expect(ids).toContain("representative:michelle-bachelet");
    expect(ids).not.toContain("representative:volker-turk");
    const bachelet = found.find((holder) => holder.representative.id === "representative:michelle-bachelet");
    expect(bachelet).toMatchObject({
      role: "High Commissioner for Human Rights",
      validFrom: null,
      validUntil: "2022-08",
      validUntilDate: "2022-08-31",
      basis: "INFERRED",
      validityBasis: "INFERRED",
    });
    const validity = bachelet?.evidence.filter((citation) => citation.about === "valid") ?? [];
    expect(validity.map((citation) => citation.quote)).toContain(
      "the High Commissioner announced that she would step down by the end of August",
    );
    for (const citation of validity) {
      expect(citation.basis).toBe("INFERRED");
      expect(citation.reason?.length).toBeGreaterThan(0);
    }
    expect(validity.find((citation) => citation.quote.includes("step down"))?.reason).toMatch(
      /writes no year/,
    );
    expect(bachelet?.evidence.some((citation) => citation.about === null)).toBe(true);
  });

  it("answers Volker Türk, not Michelle Bachelet, on 2022-12-15, his start inferred and the fact itself stated", async () => {
    const found = await holders("2022-12-15");
    const ids = found.map((holder) => holder.representative.id);
    expect(ids).toContain("representative:volker-turk");
    expect(ids).not.toContain("representative:michelle-bachelet");
    const turk = found.find((holder) => holder.representative.id === "representative:volker-turk");
    expect(turk).toMatchObject({
      validFrom: "2022-09",
      validFromDate: "2022-09-01",
      validUntil: null,
      basis: "STATED",
      validityBasis: "INFERRED",
    });
    const validity = turk?.evidence.find((citation) => citation.about === "valid");
    expect(validity?.quote).toContain("The new High Commissioner, Volker Türk");
    expect(validity?.reason).toMatch(/no day he took office/);
    // The last day of Bachelet's period and the first of Türk's: each holds on its own side only.
    expect((await holders("2022-08-31")).map((holder) => holder.representative.id)).toContain(
      "representative:michelle-bachelet",
    );
    expect((await holders("2022-09-01")).map((holder) => holder.representative.id)).not.toContain(
      "representative:michelle-bachelet",
    );
  });

  it("answers the twelve members without Telefónica on 2021-06-01, and all thirteen on 2022-06-01", async () => {
    const { records } = await server.driver.executeQuery(
      "MATCH (c:Company)-[:MEMBER_OF]->(:Programme {id: $cop}) RETURN c.id AS id ORDER BY id",
      { cop },
    );
    const all = records.map((record) => record.get("id") as string);
    expect(all).toHaveLength(13);

    const in2021 = await members("2021-06-01");
    expect(in2021.map((member) => member.member.id).sort()).toEqual(
      all.filter((id) => id !== "company:telefonica"),
    );
    for (const member of in2021) {
      expect(member).toMatchObject({ validFrom: "2021", validityBasis: "INFERRED", since: 2021 });
      const inference = member.evidence.find((citation) => citation.about === "valid");
      expect(inference?.basis).toBe("INFERRED");
      expect(inference?.reason).toMatch(/does not list the 2021 members/);
    }

    const in2022 = await members("2022-06-01");
    expect(in2022.map((member) => member.member.id).sort()).toEqual(all);
    const telefonica = in2022.find((member) => member.member.id === "company:telefonica");
    expect(telefonica).toMatchObject({
      validFrom: "2022",
      validityBasis: "STATED",
      basis: "STATED",
      since: 2022,
    });
    expect(telefonica?.evidence.find((citation) => citation.about === "valid")?.quote).toContain(
      "with the addition of the Spain-based telecommunications provider Telefónica",
    );
    expect(await members("2020-12-31")).toEqual([]);
  });

  it("tells a representative's history in date order, with its sources", async () => {
    const { data, errors } = await runOperation(server.url, EntityHistoryDocument, {
      id: "representative:michelle-bachelet",
    });
    expect(errors).toBeUndefined();
    const history = data?.entityHistory ?? [];
    const role = history.find((entry) => entry.kind === "ROLE");
    expect(role).toMatchObject({
      label: "High Commissioner for Human Rights",
      other: { id: ohchr, type: "Organization", name: "UN Human Rights" },
      outgoing: true,
      until: "2022-08",
      untilDate: "2022-08-31",
      basis: "INFERRED",
    });
    expect(
      role?.sources.every((citation) => citation.sourceId === "source:btech-cop-2022-year-end-review"),
    ).toBe(true);
    const dialogue = history.find((entry) => entry.kind === "PARTICIPATION");
    expect(dialogue?.other?.id).toBe("event:leader-dialogue-2021");
    // The 2021 dialogue comes before the end of her term in 2022.
    expect(history.indexOf(dialogue as (typeof history)[number])).toBeLessThan(
      history.indexOf(role as (typeof history)[number]),
    );
    const days = history.map((entry) => entry.fromDate ?? entry.untilDate ?? "9999");
    expect(days).toEqual([...days].sort());
  });

  it("tells a company's history in date order: its membership, then its sessions, each with sources", async () => {
    const { data } = await runOperation(server.url, EntityHistoryDocument, { id: "company:telefonica" });
    const history = data?.entityHistory ?? [];
    expect(history[0]).toMatchObject({
      kind: "MEMBERSHIP",
      other: { id: cop },
      from: "2022",
      basis: "STATED",
    });
    const sessions = history.filter((entry) => entry.kind === "PARTICIPATION");
    const { records } = await server.driver.executeQuery(
      `MATCH (:Company {id: 'company:telefonica'})-[:PARTICIPATED_IN]->(e:Event) WHERE e.startDate IS NOT NULL
       RETURN e.id AS id ORDER BY e.startDate, e.name`,
    );
    expect(sessions.map((entry) => entry.other?.id)).toEqual(records.map((record) => record.get("id")));
    expect(sessions.length).toBeGreaterThan(1);
    for (const entry of history) expect(entry.sources.length).toBeGreaterThan(0);
    const days = history.map((entry) => entry.fromDate ?? entry.untilDate ?? "9999");
    expect(days).toEqual([...days].sort());
  });

  it("says a name is undated when no source dates it, with the entity's own evidence", async () => {
    const { data, errors } = await runOperation(server.url, NameAsOfDocument, {
      id: "company:meta",
      date: "2021-06-15",
    });
    expect(errors).toBeUndefined();
    expect(data?.nameAsOf).toMatchObject({
      id: "company:meta",
      name: "Meta",
      dated: false,
      from: null,
      until: null,
    });
    expect(data?.nameAsOf?.evidence.length).toBeGreaterThan(0);
    const missing = await runOperation(server.url, NameAsOfDocument, {
      id: "company:nowhere",
      date: "2021-06-15",
    });
    expect(missing.data?.nameAsOf).toBeNull();
  });
});

// Invented test data (tests/fixtures/second-document/btech-cop-2023-notes.yaml says so at its top): a renamed
// company, a membership that ends, a new role holder, imported with the bundled seed.
describe("questions in time with a second, invented document", () => {
  const fixture = path.join(projectRoot, "tests/fixtures/second-document/btech-cop-2023-notes.yaml");
  const server = serveAppForSuite({
    before: async (driver) => {
      await clearGraph(driver);
      await importSeedFiles(driver, "neo4j", [...(await bundledSeedFiles()), fixture]);
    },
    after: async (driver) => {
      await clearGraph(driver);
      await ensureSeeded(driver);
    },
  });

  it("says company:meta was called Facebook in June 2021 and Meta in June 2022, with the evidence of each", async () => {
    const june2021 = await runOperation(server.url, NameAsOfDocument, {
      id: "company:meta",
      date: "2021-06-15",
    });
    expect(june2021.errors).toBeUndefined();
    expect(june2021.data?.nameAsOf).toMatchObject({
      name: "Facebook",
      dated: true,
      from: null,
      until: "2021-10-27",
      untilDate: "2021-10-27",
      basis: "INFERRED",
    });
    expect(june2021.data?.nameAsOf?.evidence).toEqual([
      expect.objectContaining({
        sourceId: "source:test-cop-2023-notes",
        about: "name:Facebook",
        quote: "Facebook took the name Meta on 28 October 2021",
      }),
    ]);
    const june2022 = await runOperation(server.url, NameAsOfDocument, {
      id: "company:meta",
      date: "2022-06-15",
    });
    expect(june2022.data?.nameAsOf).toMatchObject({ name: "Meta", from: "2021-10-28", basis: "STATED" });
    // The change happens between two days: the 27th is Facebook's last, the 28th Meta's first.
    const lastDay = await runOperation(server.url, NameAsOfDocument, {
      id: "company:meta",
      date: "2021-10-27",
    });
    const firstDay = await runOperation(server.url, NameAsOfDocument, {
      id: "company:meta",
      date: "2021-10-28",
    });
    expect([lastDay.data?.nameAsOf?.name, firstDay.data?.nameAsOf?.name]).toEqual(["Facebook", "Meta"]);
  });

  it("finds the company by its past name and its new alias, and keeps its current name", async () => {
    for (const phrase of ["Facebook", "Meta Platforms"]) {
      const { data } = await runOperation(server.url, SearchDocument, { phrase, limit: 5 });
      expect(data?.search[0], phrase).toMatchObject({ id: "company:meta", name: "Meta" });
    }
  });

  it("leaves out a membership after it ends and counts a new role holder from the start of the role", async () => {
    const membersOn = async (date: string) => {
      const { data, errors } = await runOperation(server.url, ProgrammeMembersAsOfDocument, {
        programmeId: cop,
        date,
      });
      expect(errors).toBeUndefined();
      return data?.programmeMembersAsOf ?? [];
    };
    const { records } = await server.driver.executeQuery(
      "MATCH (c:Company)-[:MEMBER_OF]->(:Programme {id: $cop}) RETURN c.id AS id ORDER BY id",
      { cop },
    );
    const all = records.map((record) => record.get("id") as string);
    const lastDay = await membersOn("2023-06-30");
    expect(lastDay.map((member) => member.member.id).sort()).toEqual(all);
    const after = (await membersOn("2023-07-01")).map((member) => member.member.id).sort();
    expect(after).toEqual(all.filter((id) => id !== "company:vodafone"));
    const vodafone = lastDay.find((member) => member.member.id === "company:vodafone");
    // From the seed (inferred) and until from the notes (stated): each bound keeps its own source's evidence.
    expect(vodafone).toMatchObject({ validFrom: "2021", validUntil: "2023-06", since: 2021 });
    expect(
      new Set(vodafone?.evidence.filter((citation) => citation.about === "valid").map((c) => c.sourceId)),
    ).toEqual(new Set(["source:btech-cop-2022-year-end-review", "source:test-cop-2023-notes"]));
    // Amazon's membership starts with its since (2023), as a v1 fact's would.
    expect((await membersOn("2022-12-31")).map((member) => member.member.id)).not.toContain("company:amazon");
    expect(lastDay.find((member) => member.member.id === "company:amazon")?.validFrom).toBe("2023");

    const roles = await runOperation(server.url, RoleHoldersAsOfDocument, {
      organizationId: ohchr,
      date: "2023-06-01",
    });
    expect(roles.data?.roleHoldersAsOf.map((holder) => [holder.representative.id, holder.role])).toEqual([
      ["representative:alex-example", "Deputy High Commissioner for Human Rights"],
      ["representative:volker-turk", "High Commissioner for Human Rights"],
    ]);
    const january = await runOperation(server.url, RoleHoldersAsOfDocument, {
      organizationId: ohchr,
      date: "2023-01-31",
    });
    expect(january.data?.roleHoldersAsOf.map((holder) => holder.representative.id)).toEqual([
      "representative:volker-turk",
    ]);
  });

  it("puts the dated names in a company's history, in order, before its later facts", async () => {
    const { data } = await runOperation(server.url, EntityHistoryDocument, { id: "company:meta" });
    const history = data?.entityHistory ?? [];
    const names = history.filter((entry) => entry.kind === "NAME");
    expect(names.map((entry) => [entry.label, entry.from, entry.until])).toEqual([
      ["Facebook", null, "2021-10-27"],
      ["Meta", "2021-10-28", null],
    ]);
    for (const entry of names) expect(entry.sources[0]?.about).toBe(`name:${entry.label}`);
    const days = history.map((entry) => entry.fromDate ?? entry.untilDate ?? "9999");
    expect(days).toEqual([...days].sort());
    expect(history.some((entry) => entry.kind === "MEMBERSHIP" && entry.from === "2021")).toBe(true);
  });

  it("shows every value of a record with the source behind it, dated names and validities with their bounds", async () => {
    const notes = "source:test-cop-2023-notes";
    const seedSource = "source:btech-cop-2022-year-end-review";
    const rowsOf = async (id: string) => {
      const { data, errors } = await runOperation(server.url, EntityStatementsDocument, { id });
      expect(errors).toBeUndefined();
      return (data?.entityStatements ?? []).map(({ sourceId, property, value, validFrom, validUntil }) => ({
        sourceId,
        property,
        value,
        validFrom,
        validUntil,
      }));
    };
    const meta = await rowsOf("company:meta");
    expect(meta.filter((row) => row.sourceId === notes)).toEqual([
      { sourceId: notes, property: "name", value: "Meta", validFrom: null, validUntil: null },
      { sourceId: notes, property: "names", value: "Facebook", validFrom: null, validUntil: "2021-10-27" },
      { sourceId: notes, property: "names", value: "Meta", validFrom: "2021-10-28", validUntil: null },
      { sourceId: notes, property: "aliases", value: "Meta Platforms", validFrom: null, validUntil: null },
    ]);
    expect(meta.filter((row) => row.sourceId === seedSource && row.property === "name")).toEqual([
      { sourceId: seedSource, property: "name", value: "Meta", validFrom: null, validUntil: null },
    ]);

    const membership = await rowsOf("fact:member_of:company:vodafone:programme:cop");
    expect(membership.filter((row) => row.property === "valid")).toEqual([
      { sourceId: seedSource, property: "valid", value: "INFERRED", validFrom: "2021", validUntil: null },
      { sourceId: notes, property: "valid", value: "STATED", validFrom: null, validUntil: "2023-06" },
    ]);
    expect(membership).toContainEqual({
      sourceId: seedSource,
      property: "since",
      value: "2021",
      validFrom: null,
      validUntil: null,
    });
    expect(await rowsOf("company:nowhere")).toEqual([]);
  });
});
