// Exports with the selectors asOf and source, over HTTP from the real app, on the invented documents of
// tests/fixtures/select/ (imported through the importer): each file holds the hand count of the fixture, and
// the files differ between two days and between two sources.
import { describe, expect, it } from "vitest";
import {
  alpha,
  beta,
  days,
  type Expected,
  expected,
  importSelectorFixture,
  link,
  removeSelectorFixture,
} from "../fixtures/select/fixture.ts";
import { serveAppForSuite } from "../helpers/http.ts";
import { sharedNeo4j } from "../helpers/neo4j.ts";

const server = serveAppForSuite({
  before: (driver) => importSelectorFixture(driver, sharedNeo4j().database),
  after: removeSelectorFixture,
});

interface D3File {
  nodes: { id: string }[];
  links: { source: string; target: string; evidence: { source: string }[] }[];
}

async function exported(parameters: Record<string, string>) {
  const response = await fetch(`${server.url}/export/d3?${new URLSearchParams(parameters)}`);
  return { response, body: (await response.json()) as D3File & { error?: string } };
}

const asHandCount = (file: D3File): Expected => ({
  nodes: file.nodes.map((node) => node.id).sort(),
  links: file.links.map((entry) => link(entry.source, entry.target)).sort(),
});
const sorted = (graph: Expected): Expected => ({
  nodes: [...graph.nodes].sort(),
  links: [...graph.links].sort(),
});

describe("exports with asOf and source", () => {
  it.each([
    ["alpha as of the early day", { asOf: days.early, source: alpha }, expected.alphaEarly],
    ["alpha as of the late day", { asOf: days.late, source: alpha }, expected.alphaLate],
    ["beta, every day", { source: beta }, expected.beta],
    ["beta as of the early day", { asOf: days.early, source: beta }, expected.betaEarly],
  ])("%s: the file holds the hand count's nodes and links", async (_, parameters, graph) => {
    const { response, body } = await exported(parameters);
    expect(response.status).toBe(200);
    expect(asHandCount(body)).toEqual(sorted(graph));
  });

  it("names the selectors in the file name, and keeps the merged evidence of what it keeps", async () => {
    const { response, body } = await exported({ asOf: days.late, source: beta });
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="btech-graph-all-as-of-2023-06-01-source-source-test-select-beta.d3.json"',
    );
    // Cirrus Cloud's membership is stated by both documents: its evidence is every source's.
    const membership = body.links.find((entry) => entry.source === "company:sel-cirrus");
    expect(new Set(membership?.evidence.map((citation) => citation.source))).toEqual(new Set([alpha, beta]));
  });

  it("combine with a selection: the selection picks the entities, the selectors keep what held and what the source cites", async () => {
    const { body } = await exported({ node: "company:sel-cirrus", depth: "1", source: beta });
    expect(asHandCount(body)).toEqual({
      // The 2023 meeting is within one link of Cirrus Cloud, but only alpha tells of it.
      nodes: ["company:sel-cirrus", "programme:sel-circle"],
      links: [link("company:sel-cirrus", "programme:sel-circle")],
    });
    const { body: year } = await exported({ year: "2021", source: alpha, asOf: days.late });
    expect(asHandCount(year)).toEqual({
      // The 2021 meeting and who it joins; Boreal's membership ended in 2022-06.
      nodes: [
        "company:sel-aurora",
        "company:sel-boreal",
        "event:sel-meeting-2021-05-10",
        "programme:sel-circle",
        "theme:sel-remedy",
      ].sort(),
      links: [
        link("company:sel-aurora", "event:sel-meeting-2021-05-10"),
        link("company:sel-boreal", "event:sel-meeting-2021-05-10"),
        link("event:sel-meeting-2021-05-10", "programme:sel-circle"),
        link("event:sel-meeting-2021-05-10", "theme:sel-remedy"),
        link("company:sel-aurora", "programme:sel-circle"),
      ].sort(),
    });
  });

  it("refuses a day that is not one and a source the graph does not hold, saying which", async () => {
    const notADay = await exported({ asOf: "2022-02-30" });
    expect(notADay.response.status).toBe(400);
    expect(notADay.body.error).toBe("asOf=2022-02-30 is not a day of the calendar");
    const month = await exported({ asOf: "2022-06" });
    expect(month.body.error).toBe('asOf="2022-06" is not a day: write it as YYYY-MM-DD, e.g. 2022-06-15');
    const unknown = await exported({ source: "source:nope" });
    expect(unknown.response.status).toBe(400);
    expect(unknown.body.error).toMatch(
      /^source=source:nope: no such source; the graph's sources are (source:[a-z0-9-]+, )*source:test-select-alpha, source:test-select-beta/,
    );
  });
});
