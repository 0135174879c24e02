// The API's `Date` scalar: @neo4j/graphql's, with a strict reading of what a client sends. The library reads
// "yyyy-mm-dd" with JavaScript's Date, which rolls an impossible day over ("2022-02-30" is 2 March) and, in
// any time zone west of UTC, turns the date it read into the day before (`Date.fromStandardDate` takes the
// local day of UTC midnight): a filter or an `asOf` then silently asks about another day.
import { scalars } from "@neo4j/graphql";
import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import neo4j, { isDate } from "neo4j-driver";

const libraryDate = scalars.GraphQLDate;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date given as "yyyy-mm-dd", as Neo4j's Date, whatever the process's time zone; else an error. */
function parseDate(value: string): InstanceType<typeof neo4j.types.Date> {
  const [, year, month, day] = datePattern.exec(value) ?? [];
  if (year === undefined || month === undefined || day === undefined) {
    throw new GraphQLError(
      `Date must be written yyyy-mm-dd, e.g. "2022-05-17"; got ${JSON.stringify(value)}.`,
    );
  }
  // The day's number must survive a round trip through the calendar: 2022-02-30 does not.
  const utc = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (utc.getUTCMonth() !== Number(month) - 1 || utc.getUTCDate() !== Number(day)) {
    throw new GraphQLError(`Date ${JSON.stringify(value)} is not a day of the calendar.`);
  }
  return new neo4j.types.Date(Number(year), Number(month), Number(day));
}

/** The `Date` scalar the API serves: the library's output, this module's strict input. */
export const strictDate = new GraphQLScalarType({
  name: "Date",
  description: libraryDate.description,
  serialize: libraryDate.serialize,
  parseValue(value) {
    if (typeof value === "string") return parseDate(value);
    if (isDate(value)) return value;
    throw new GraphQLError(`Date must be a string written yyyy-mm-dd; got ${JSON.stringify(value)}.`);
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError("Date must be a string written yyyy-mm-dd.");
    return parseDate(ast.value);
  },
});
