// The questions in time (issue 15) on the bundled seed: who acted for UN Human Rights and who was a member of
// the COP on a day, an entity's dated history, the name on a day. Expected answers come from the review's text
// as the seed encodes it (seed/btech-cop-2022-year-end-review.yaml), and from Cypher over the same graph.
import { describe, expect, it } from "vitest";
import {
  EntityHistoryDocument,
  NameAsOfDocument,
  ProgrammeMembersAsOfDocument,
  RoleHoldersAsOfDocument,
} from "../../graph/generated/graphql.ts";
import { ensureSeeded } from "../helpers/graph.ts";
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
