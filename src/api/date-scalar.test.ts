import { Kind } from "graphql";
import { afterEach, describe, expect, it } from "vitest";
import { strictDate } from "./date-scalar.ts";

const read = (value: unknown) => String(strictDate.parseValue(value));
const readLiteral = (value: string) => String(strictDate.parseLiteral({ kind: Kind.STRING, value }));

describe("the API's Date scalar", () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it("reads yyyy-mm-dd as that day, in a variable and in the query's text", () => {
    expect(read("2022-05-17")).toBe("2022-05-17");
    expect(readLiteral("2024-02-29")).toBe("2024-02-29");
  });

  it("reads the same day west and east of UTC (the library's scalar reads the day before west of it)", () => {
    for (const timeZone of ["America/New_York", "Pacific/Auckland", "UTC"]) {
      process.env.TZ = timeZone;
      expect(read("2022-01-01")).toBe("2022-01-01");
      expect(readLiteral("2022-12-31")).toBe("2022-12-31");
    }
  });

  it("refuses a day the calendar does not have, naming it, instead of rolling it over", () => {
    expect(() => read("2022-02-30")).toThrow("Date 2022-02-30 is not a day of the calendar.");
    expect(() => readLiteral("2023-02-29")).toThrow("Date 2023-02-29 is not a day of the calendar.");
    expect(() => read("2022-13-01")).toThrow("not a day of the calendar");
  });

  it("refuses other spellings and other types, saying what it expects", () => {
    for (const value of ["2022-5-17", "17/05/2022", "2022-05-17T00:00:00Z", ""]) {
      expect(() => read(value)).toThrow(`Date ${JSON.stringify(value)} is not a day: write it as YYYY-MM-DD`);
    }
    expect(() => read(20220517)).toThrow("Date must be a string written YYYY-MM-DD");
    expect(() => strictDate.parseLiteral({ kind: Kind.INT, value: "20220517" })).toThrow(
      "Date must be a string written YYYY-MM-DD.",
    );
  });
});
