// Dates a client sends (filters, `asOf`, the questions in time) are read as the day written, whatever the
// app's time zone, and an impossible day is refused: @neo4j/graphql's own Date scalar rolled 2022-02-30 over
// to 2 March and, west of UTC, read every date as the day before (src/api/date-scalar.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureSeeded } from "../helpers/graph.ts";
import { sharedDriver, sharedNeo4j } from "../helpers/neo4j.ts";
import { type AppProcess, startApp } from "../helpers/resilience.ts";

const eventsStarting = (day: string) => ({
  query: "query ($day: Date) { events(where: { startDate: { eq: $day } }) { id startDate } }",
  variables: { day },
});

describe("dates read by an app west of UTC (TZ=America/New_York) on the bundled seed", () => {
  const driver = sharedDriver();
  let app: AppProcess;

  beforeAll(async () => {
    await ensureSeeded(driver);
    app = await startApp(sharedNeo4j(), { TZ: "America/New_York" });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await driver.close();
  });

  const ask = async (body: object) => {
    const response = await fetch(`${app.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return (await response.json()) as {
      data?: { events: { id: string; startDate: string }[] } | null;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
  };

  it("answers for the day asked: the events that start on 2022-01-01, as Cypher finds them", async () => {
    const { records } = await driver.executeQuery(
      "MATCH (event:Event {startDate: date('2022-01-01')}) RETURN event.id AS id ORDER BY id",
      {},
      { database: "neo4j" },
    );
    const expected = records.map((record) => record.get("id") as string);
    expect(expected.length).toBeGreaterThan(0);
    const { data, errors } = await ask(eventsStarting("2022-01-01"));
    expect(errors).toBeUndefined();
    expect(data?.events.map((event) => event.id).sort()).toEqual(expected);
    expect(new Set(data?.events.map((event) => event.startDate))).toEqual(new Set(["2022-01-01"]));
  });

  it("refuses 2022-02-30 in a variable and in the query's text, naming it", async () => {
    const inVariable = await ask(eventsStarting("2022-02-30"));
    expect(inVariable.data ?? null).toBeNull();
    expect(inVariable.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(inVariable.errors?.[0]?.message).toContain("Date 2022-02-30 is not a day of the calendar.");

    const inText = await ask({ query: '{ pageRank(asOf: "2022-02-30") { ranAt } }' });
    expect(inText.data ?? null).toBeNull();
    expect(inText.errors?.[0]?.message).toBe("Date 2022-02-30 is not a day of the calendar.");
  });
});
