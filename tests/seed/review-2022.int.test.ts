// The bundled seed, imported into a real Neo4j, holds every category of fact the 2022 review states, each
// with its evidence: source, section (a heading of the review), verbatim quote, basis, and a reason for
// every inference.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clearGraph, ensureSeeded } from "../helpers/graph.ts";
import { sharedDriver } from "../helpers/neo4j.ts";
import {
  type CitationRecord,
  entity,
  entityCitations,
  type FactRecord,
  findFact,
  normalizeSpace,
  review,
  reviewText,
} from "./evidence.ts";

const driver = sharedDriver();
let text: Awaited<ReturnType<typeof reviewText>>;

beforeAll(async () => {
  text = await reviewText();
  await clearGraph(driver);
  await ensureSeeded(driver);
});

afterAll(async () => {
  await driver.close();
});

/** Checks one citation against the review: its source, a real heading, a verbatim quote, a reason if inferred. */
function expectSound(citation: CitationRecord) {
  expect(citation.source).toBe(review.sourceId);
  expect(text.headings).toContain(citation.section);
  expect(text.normalized).toContain(normalizeSpace(citation.quote));
  if (citation.basis === "INFERRED") expect(citation.reason?.trim().length ?? 0).toBeGreaterThan(20);
  else expect(citation.reason).toBeNull();
}

/** The fact, which must exist with sound citations and the expected basis; a section/quote the evidence must include. */
async function expectFact(
  subject: string,
  predicate: string,
  object: string,
  expected: { basis: "STATED" | "INFERRED"; section?: string; quoteIncludes?: string },
): Promise<FactRecord> {
  const fact = await findFact(driver, subject, predicate, object);
  expect(fact, `${subject} ${predicate} ${object}`).toBeDefined();
  if (!fact) throw new Error("unreachable");
  expect(fact.relationship.basis).toBe(expected.basis);
  expect(fact.citations.length).toBeGreaterThan(0);
  for (const citation of fact.citations) expectSound(citation);
  if (expected.basis === "INFERRED") {
    expect(fact.citations.every((citation) => citation.basis === "INFERRED")).toBe(true);
  }
  if (expected.section || expected.quoteIncludes) {
    expect(
      fact.citations.some(
        (citation) =>
          (!expected.section || citation.section === expected.section) &&
          (!expected.quoteIncludes || normalizeSpace(citation.quote).includes(expected.quoteIncludes)),
      ),
      `${subject} ${predicate} ${object}: evidence in ${expected.section} quoting ${expected.quoteIncludes}`,
    ).toBe(true);
  }
  return fact;
}

async function rows(cypher: string, params: Record<string, unknown> = {}) {
  const { records } = await driver.executeQuery(cypher, params);
  return records.map((record) => record.toObject());
}

/** The company names of the PARTICIPANTS table, read from the review itself (tab-separated rows). */
function tableCompanies(): string[] {
  const section = text.raw.slice(text.raw.indexOf("Telefónica:"), text.raw.indexOf("Most COP companies"));
  return section
    .split("\n")
    .slice(1)
    .flatMap((line) => line.split("\t"))
    .map((name) => name.trim())
    .filter(Boolean);
}

/** The session lines of "COP SESSIONS: DATES AND THEMES", read from the review (a wrapped line re-joined). */
function sessionLines(): { label: string; dateText: string; title: string }[] {
  const start = text.raw.indexOf("COP SESSIONS: DATES AND THEMES");
  const end = text.raw.indexOf("COP 2023: A LOOK AHEAD");
  const block = text.raw
    .slice(start, end)
    .split("\n")
    .slice(1)
    .join("\n")
    .replace(/\n(?=[^\nC])/g, " ");
  return block
    .split("\n")
    .map((line) => /^(COP [^:]+): (\w+ \d+) [–-] (.+)$/.exec(line.trim()))
    .filter((match) => match !== null)
    .map((match) => ({ label: match[1] ?? "", dateText: match[2] ?? "", title: match[3] ?? "" }));
}

const monthOf = (dateText: string) =>
  String(new Date(`${dateText}, 2022 12:00 UTC`).getUTCMonth() + 1).padStart(2, "0");
const sessionId = (dateText: string) =>
  `event:cop-2022-${monthOf(dateText)}-${(dateText.split(" ")[1] ?? "").padStart(2, "0")}`;

describe("the 2022 review in the graph", () => {
  it("has the source document, with every entity and fact citing it soundly", async () => {
    expect(await entity(driver, review.sourceId)).toMatchObject({
      type: "Source",
      title: "B-Tech Company Community of Practice 2022 Year-End Review",
      year: 2022,
    });
    const citations = await rows(
      `MATCH (n)-[c:CITED_IN]->(s:Source {id: $source})
       RETURN c {source: s.id, .section, .quote, .basis, .reason} AS citation`,
      { source: review.sourceId },
    );
    expect(citations.length).toBeGreaterThan(300);
    for (const { citation } of citations) expectSound(citation as CitationRecord);
    const uncited = await rows(
      `MATCH (n) WHERE (n:Entity OR n:Fact) AND NOT n:Source AND NOT (n)-[:CITED_IN]->(:Source)
       RETURN n.id AS id`,
    );
    expect(uncited).toEqual([]);
  });

  it("keeps every fact twice, consistently: the direct relationship and its Fact node", async () => {
    const [counts] = await rows(`
      MATCH (f:Fact)
      OPTIONAL MATCH (s:Entity {id: f.subjectId})-[r {factId: f.id}]->(o:Entity {id: f.objectId})
      WHERE type(r) = f.predicate AND r.basis = f.basis
      RETURN count(f) AS facts, count(r) AS matched`);
    expect(counts?.facts).toBeGreaterThan(200);
    expect(counts?.matched).toBe(counts?.facts);
  });

  it("lists the 13 companies of the PARTICIPANTS table as COP members: 12 since 2021 (inferred), Telefónica since 2022", async () => {
    const names = tableCompanies();
    expect(names).toHaveLength(13);
    const members = await rows(
      `MATCH (c:Company)-[m:MEMBER_OF]->(:Programme {id: 'programme:cop'})
       RETURN c.id AS id, c.name AS name, m.since AS since`,
    );
    expect(members.map((member) => member.name).toSorted()).toEqual(names.toSorted());
    for (const member of members) {
      const fact = await expectFact(member.id, "MEMBER_OF", "programme:cop", {
        basis: "STATED",
        section: "PARTICIPANTS",
      });
      if (member.name === "Telefónica") {
        expect(member.since).toBe(2022);
        expect(fact.citations[0]?.quote).toContain("with the addition of the Spain-based");
      } else {
        expect(member.since).toBe(2021);
        const inference = fact.citations.find((citation) => citation.basis === "INFERRED");
        expect(inference?.reason).toMatch(/2021/);
        expect(fact.flags?.join(" ")).toMatch(/since: 2021 is inferred/);
      }
    }
    const cop = await entity(driver, "programme:cop");
    expect(((cop?.flags ?? []) as string[]).join(" ")).toMatch(/thirteen.*13 names.*Telefónica/);
  });

  it("knows Telefónica's sector and country from the text, and Twitter as one of the most active companies", async () => {
    expect(await entity(driver, "company:telefonica")).toMatchObject({
      name: "Telefónica",
      sector: "Telecommunications",
      country: "Spain",
    });
    const citations = await entityCitations(driver, "company:telefonica");
    expect(citations.map((citation) => citation.quote)).toContain(
      "with the addition of the Spain-based telecommunications provider Telefónica",
    );
    for (const citation of citations) expectSound(citation);
    const twitter = await expectFact("company:twitter", "MEMBER_OF", "programme:cop", { basis: "STATED" });
    expect(twitter.citations.map((citation) => citation.quote)).toContain(
      "One of the most active companies in the COP, Twitter",
    );
  });

  it("has each session of the list with its date, verbatim label and title, its themes, and the label inconsistencies flagged", async () => {
    const sessions = sessionLines();
    expect(sessions).toHaveLength(7);
    for (const session of sessions) {
      const id = sessionId(session.dateText);
      const node = await entity(driver, id);
      expect(node, id).toMatchObject({
        type: "Event",
        label: session.label,
        title: session.title,
        dateText: session.dateText,
        date: id.slice("event:cop-".length),
        status: "HELD",
        format: "VIRTUAL",
        kind: session.label.includes("Special") ? "SPECIAL_SESSION" : "SESSION",
      });
      expect(((node?.flags ?? []) as string[]).join(" ")).toMatch(/year is not written/);
      await expectFact(id, "PART_OF", "programme:cop", {
        basis: "STATED",
        section: "COP SESSIONS: DATES AND THEMES",
        quoteIncludes: `${session.label}: ${session.dateText}`,
      });
      const themes = await rows(
        `MATCH (:Event {id: $id})-[r:HAS_THEME]->(t:Theme) WHERE r.basis = 'STATED' RETURN t.id AS id`,
        { id },
      );
      expect(themes.length, `${id} has stated themes`).toBeGreaterThan(0);
      for (const theme of themes) {
        await expectFact(id, "HAS_THEME", theme.id, { basis: "STATED", quoteIncludes: session.title });
      }
    }
    const q2Session2 = await rows(
      "MATCH (e:Event {label: 'COP Q2 Session 2'}) RETURN e.id AS id, e.flags AS flags ORDER BY id",
    );
    expect(q2Session2.map((row) => row.id)).toEqual(["event:cop-2022-03-14", "event:cop-2022-05-17"]);
    for (const row of q2Session2) expect(row.flags.join(" ")).toMatch(/both the March 14 and the May 17/);
    expect((await entity(driver, "event:cop-2022-03-14"))?.flags).toContainEqual(
      expect.stringMatching(/first quarter, yet the label says Q2/),
    );
  });

  it("themes the sessions as their titles say", async () => {
    const themes = await rows(`
      MATCH (e:Event)-[:HAS_THEME]->(t:Theme) WHERE e.id STARTS WITH 'event:cop-2022-'
      RETURN e.id AS event, collect(t.id) AS themes`);
    const byEvent = Object.fromEntries(themes.map((row) => [row.event, (row.themes as string[]).toSorted()]));
    expect(byEvent).toEqual({
      "event:cop-2022-02-28": ["theme:enterprise-risk-management-and-compliance", "theme:hrdd"],
      "event:cop-2022-03-14": ["theme:severity"],
      "event:cop-2022-05-03": [
        "theme:stakeholder-engagement",
        "theme:wef-global-future-council-on-human-rights",
      ],
      "event:cop-2022-05-17": ["theme:end-use", "theme:hrdd", "theme:remedy", "theme:role-of-key-colleagues"],
      "event:cop-2022-06-21": [
        "theme:conflict-settings",
        "theme:heightened-hrdd",
        "theme:hrdd",
        "theme:international-humanitarian-law",
      ],
      "event:cop-2022-09-12": ["theme:b-tech-and-participant-priorities"],
      "event:cop-2022-10-26": ["theme:eu-digital-services-act", "theme:upcoming-legislation"],
    });
  });

  it("ties the June special session to the developments bullet only by inference (it says 'in June')", async () => {
    for (const theme of ["theme:heightened-hrdd", "theme:international-humanitarian-law"]) {
      const fact = await expectFact("event:cop-2022-06-21", "HAS_THEME", theme, {
        basis: "INFERRED",
        section: "2022 DEVELOPMENTS AND CHALLENGES",
        quoteIncludes:
          "special session with external experts on heightened HRDD and International Humanitarian Law",
      });
      expect(fact.citations[0]?.reason).toMatch(/June/);
    }
    await expectFact("event:cop-2022-06-21", "FOLLOWS", "event:war-in-ukraine", { basis: "INFERRED" });
  });

  it("has the five outside expert bodies, each with a delegation affiliated with it that contributed to the COP", async () => {
    const bodies = {
      "organization:mazars": "Mazars",
      "organization:pluto-associates": "Pluto & Associates",
      "organization:icrc": "International Committee of the Red Cross",
      "organization:gni": "Global Network Initiative",
      "organization:ihrb": "Institute for Human Rights and Business",
    };
    for (const [id, name] of Object.entries(bodies)) {
      expect(await entity(driver, id)).toMatchObject({ type: "Organization", name });
      const expertId = `expert:${id.slice("organization:".length)}-delegation`;
      expect(await entity(driver, expertId)).toMatchObject({ type: "Expert", kind: "DELEGATION" });
      await expectFact(expertId, "AFFILIATED_WITH", id, { basis: "STATED", section: "PARTICIPANTS" });
      await expectFact(expertId, "CONTRIBUTED_TO", "programme:cop", {
        basis: "STATED",
        quoteIncludes: "Other sessions included outside experts",
      });
    }
    // The review never says which session an expert attended: any such link is an inference.
    const attendance = await rows(
      "MATCH (:Expert)-[r:PARTICIPATED_IN]->(e:Event) RETURN r.basis AS basis, e.id AS event",
    );
    expect(attendance.length).toBeGreaterThan(0);
    for (const row of attendance) expect(row.basis).toBe("INFERRED");
  });

  it("connects the ICRC to Cloudflare through facts, none of them guessed without a reason", async () => {
    const [path] = await rows(`
      MATCH (a:Organization {id: 'organization:icrc'}), (b:Company {id: 'company:cloudflare'})
      MATCH p = shortestPath((a)-[*..6]-(b))
      WHERE all(r IN relationships(p) WHERE r.factId IS NOT NULL)
      RETURN [n IN nodes(p) | n.id] AS ids, [r IN relationships(p) | r.factId] AS facts`);
    expect(path?.ids[0]).toBe("organization:icrc");
    expect(path?.ids.at(-1)).toBe("company:cloudflare");
    for (const factId of (path?.facts ?? []) as string[]) {
      const [fact] = await rows(
        `MATCH (f:Fact {id: $factId})-[c:CITED_IN]->(:Source)
         RETURN f.basis AS basis, collect(c.reason) AS reasons`,
        { factId },
      );
      if (fact?.basis === "INFERRED") expect(fact.reasons.length).toBeGreaterThan(0);
      else expect(fact?.basis).toBe("STATED");
    }
  });

  it("has the May 17 guests from COP companies, without inventing which companies", async () => {
    await expectFact("representative:may-17-guests", "PARTICIPATED_IN", "event:cop-2022-05-17", {
      basis: "STATED",
      section: "PARTICIPANTS",
      quoteIncludes: 'numerous "guests" from COP companies',
    });
    expect(
      await rows("MATCH (:Representative {id: 'representative:may-17-guests'})-[:REPRESENTS]->(c) RETURN c"),
    ).toEqual([]);
  });

  it("names the people of the review with their roles, and invents no name", async () => {
    expect(await entity(driver, "representative:michelle-bachelet")).toMatchObject({
      name: "Michelle Bachelet",
      role: "then-High Commissioner for Human Rights",
    });
    expect(await entity(driver, "representative:volker-turk")).toMatchObject({
      name: "Volker Türk",
      role: "High Commissioner for Human Rights",
    });
    await expectFact("representative:volker-turk", "REPRESENTS", "organization:ohchr", {
      basis: "STATED",
      quoteIncludes: "from High Commissioner Türk",
    });
    await expectFact("representative:michelle-bachelet", "REPRESENTS", "organization:ohchr", {
      basis: "INFERRED",
    });
    // Musk: the addressee of a letter; his role at Twitter is not stated, so none is recorded.
    const musk = await expectFact("representative:elon-musk", "REPRESENTS", "company:twitter", {
      basis: "INFERRED",
    });
    expect(musk.relationship.role ?? null).toBeNull();
    expect((await entity(driver, "representative:elon-musk"))?.role ?? null).toBeNull();
    await expectFact("event:letter-to-elon-musk", "INVOLVES", "representative:elon-musk", {
      basis: "STATED",
    });
    await expectFact("event:letter-to-elon-musk", "INVOLVES", "representative:volker-turk", {
      basis: "STATED",
    });
    // The departed team member is not named.
    const member = await entity(driver, "representative:b-tech-key-team-member");
    expect(member?.name).toMatch(/unnamed/);
    await expectFact("representative:b-tech-key-team-member", "REPRESENTS", "organization:b-tech-project", {
      basis: "STATED",
    });
    // Every person-like node's name occurs in the review, or says it is unnamed or a group.
    const people = await rows("MATCH (r:Representative) RETURN r.id AS id, r.name AS name");
    for (const person of people) {
      const named = text.normalized.includes(person.name);
      expect(named || /unnamed|participants|Guests/.test(person.name), person.id).toBe(true);
    }
  });

  it("has the developments of the year, each dated as the text dates it and affecting the COP", async () => {
    const developments = {
      "event:war-in-ukraine": { period: "2022", quote: "The war in Ukraine" },
      "event:high-commissioner-change-2022": { period: "2022", quote: "step down by the end of August" },
      "event:twitter-human-rights-team-layoff": { period: "2022-11", quote: "laid off in November" },
      "event:tech-layoffs-and-hiring-freezes-2022": { period: "2022", quote: "hiring freezes" },
      "event:b-tech-limited-resources-2022": { period: "2022", quote: "limited resources" },
      "event:b-tech-team-member-departure": { period: "2022-H2", quote: "in the second half of 2022" },
      "event:coronavirus-pandemic": { period: "2022", quote: "Coronavirus pandemic" },
    };
    for (const [id, { period, quote }] of Object.entries(developments)) {
      expect(await entity(driver, id)).toMatchObject({ type: "Event", kind: "DEVELOPMENT", period });
      await expectFact(id, "AFFECTED", "programme:cop", { basis: "STATED", quoteIncludes: quote });
    }
    expect(await entity(driver, "event:twitter-human-rights-team-layoff")).toMatchObject({
      startDate: "2022-11-01",
      endDate: "2022-11-30",
    });
    await expectFact("event:twitter-human-rights-team-layoff", "INVOLVES", "company:twitter", {
      basis: "STATED",
    });
    // The 2021 leader dialogue, and the second convening it led to, suspended with the High Commissioner's departure.
    expect(await entity(driver, "event:leader-dialogue-2021")).toMatchObject({
      kind: "DIALOGUE",
      period: "2021",
    });
    await expectFact("representative:michelle-bachelet", "PARTICIPATED_IN", "event:leader-dialogue-2021", {
      basis: "STATED",
    });
    expect(await entity(driver, "event:second-convening-with-high-commissioner")).toMatchObject({
      kind: "CONVENING",
      status: "SUSPENDED",
    });
    await expectFact(
      "event:second-convening-with-high-commissioner",
      "FOLLOWS",
      "event:leader-dialogue-2021",
      {
        basis: "STATED",
      },
    );
    await expectFact(
      "event:second-convening-with-high-commissioner",
      "HAS_THEME",
      "theme:responsibility-to-respect",
      { basis: "STATED", quoteIncludes: '"Responsibility to Respect" role under Pillar Two' },
    );
    expect(await entity(driver, "event:letter-to-elon-musk")).toMatchObject({ kind: "COMMUNICATION" });
    await expectFact("event:letter-to-elon-musk", "INVOLVES", "organization:ohchr", { basis: "STATED" });
  });

  it("has the COP's modalities as practices, with evidence", async () => {
    const practices = await rows(`
      MATCH (:Programme {id: 'programme:cop'})-[u:USES_PRACTICE]->(p:Practice)
      RETURN p.id AS id, u.status AS status, u.year AS year`);
    const byId = Object.fromEntries(practices.map((row) => [row.id, `${row.status} ${row.year}`]));
    expect(byId).toEqual({
      "practice:virtual-sessions": "CURRENT 2022",
      "practice:polls-small-groups-plenary": "CURRENT 2022",
      "practice:agenda-shared-in-advance": "CURRENT 2022",
      "practice:antitrust-statement": "CURRENT 2022",
      "practice:participant-updates": "CURRENT 2022",
      "practice:no-recordings": "CURRENT 2022",
      "practice:notes-for-b-tech-learning-only": "CURRENT 2022",
      "practice:participation-commitment": "CURRENT 2022",
      "practice:in-person-sessions": "PLANNED 2023",
    });
    for (const { id } of practices) {
      await expectFact("programme:cop", "USES_PRACTICE", id, { basis: "STATED" });
    }
    await expectFact("programme:cop", "USES_PRACTICE", "practice:antitrust-statement", {
      basis: "STATED",
      quoteIncludes: "a B-Tech representative reading out an antitrust statement",
    });
    await expectFact("programme:cop", "USES_PRACTICE", "practice:no-recordings", {
      basis: "STATED",
      quoteIncludes: "Sessions were not recorded",
    });
  });

  it("has the 2023 outlook: the COP continues, the Peer Learning Platform with its objectives, the CSO Working Group, the planned connection with Türk", async () => {
    expect(await entity(driver, "programme:cop")).toMatchObject({ status: "ONGOING", startYear: 2021 });
    const plp = await entity(driver, "programme:peer-learning-platform");
    expect(plp).toMatchObject({ status: "PLANNED", kind: "WEBINAR_SERIES" });
    expect(plp?.objectives).toHaveLength(4);
    for (const objective of (plp?.objectives ?? []) as string[]) expect(text.normalized).toContain(objective);
    await expectFact("organization:b-tech-project", "RUNS", "programme:peer-learning-platform", {
      basis: "STATED",
    });
    const plpParticipants = await expectFact(
      "representative:cop-participants",
      "CONTRIBUTED_TO",
      "programme:peer-learning-platform",
      { basis: "STATED", quoteIncludes: "will also see the participation of COP participants" },
    );
    expect(plpParticipants.relationship.status).toBe("PLANNED");
    expect(await entity(driver, "programme:cso-working-group")).toMatchObject({ status: "ONGOING" });
    await expectFact("organization:b-tech-project", "RUNS", "programme:cso-working-group", {
      basis: "STATED",
    });
    expect(await entity(driver, "event:connecting-with-volker-turk-2023")).toMatchObject({
      status: "PLANNED",
      period: "2023",
    });
    await expectFact("event:connecting-with-volker-turk-2023", "INVOLVES", "representative:volker-turk", {
      basis: "STATED",
      quoteIncludes: "plans are underway to realize this in 2023",
    });
  });

  it("nests themes only where the text supports it, and marks the rest inferred", async () => {
    for (const [narrower, broader] of [
      ["theme:hrdd", "theme:ungps"],
      ["theme:end-use", "theme:ungps"],
      ["theme:remedy", "theme:ungps"],
      ["theme:conflict-settings", "theme:hrdd"],
      ["theme:eu-digital-services-act", "theme:upcoming-legislation"],
      ["theme:responsibility-to-respect", "theme:ungps"],
      ["theme:role-of-senior-management", "theme:responsibility-to-respect"],
    ] as const) {
      await expectFact(narrower, "BROADER", broader, { basis: "STATED" });
    }
    await expectFact("theme:hrdd", "BROADER", "theme:ungps", {
      basis: "STATED",
      quoteIncludes: "including various aspects of Human Rights Due Diligence (HRDD)",
    });
    await expectFact("theme:severity", "BROADER", "theme:hrdd", { basis: "INFERRED" });
    const cycles = await rows("MATCH p = (t:Theme)-[:BROADER*1..10]->(t) RETURN count(p) AS cycles");
    expect(cycles[0]?.cycles).toBe(0);
  });

  it("has the organisations, with B-Tech's place in OHCHR inferred from the contact address only", async () => {
    expect(await entity(driver, "organization:ohchr")).toMatchObject({
      name: "UN Human Rights",
      acronym: "OHCHR",
    });
    await expectFact("organization:b-tech-project", "RUNS", "programme:cop", {
      basis: "STATED",
      section: "OVERVIEW",
    });
    const partOf = await expectFact("organization:b-tech-project", "PART_OF", "organization:ohchr", {
      basis: "INFERRED",
      section: "Contact",
    });
    expect(partOf.citations[0]?.reason).toMatch(/contact address/);
    expect(await entity(driver, "organization:world-economic-forum")).toMatchObject({
      name: "World Economic Forum",
    });
  });

  it("marks every member's attendance of every session as inferred, with the participation commitment as reason", async () => {
    const attendance = await rows(`
      MATCH (c:Company)-[r:PARTICIPATED_IN]->(e:Event)
      MATCH (f:Fact {id: r.factId})-[cite:CITED_IN]->(:Source)
      RETURN c.id AS company, e.id AS event, r.basis AS basis, cite.reason AS reason, cite.quote AS quote`);
    expect(attendance).toHaveLength(13 * 7);
    for (const row of attendance) {
      expect(row.basis).toBe("INFERRED");
      expect(row.quote).toContain("Most COP companies met their participation commitment");
      expect(row.reason).toMatch(/inferred/);
    }
  });

  it("gives a reason for every inference, everywhere in the graph", async () => {
    const missing = await rows(`
      MATCH (n)-[c:CITED_IN {basis: 'INFERRED'}]->(:Source)
      WHERE c.reason IS NULL OR trim(c.reason) = ''
      RETURN n.id AS id`);
    expect(missing).toEqual([]);
    const inferred = await rows("MATCH (f:Fact {basis: 'INFERRED'}) RETURN count(f) AS count");
    expect(inferred[0]?.count).toBeGreaterThan(91);
  });
});
