// The API's `Date` scalar: @neo4j/graphql's, with a strict reading of what a client sends. The library reads
// "YYYY-MM-DD" with JavaScript's Date, which rolls an impossible day over ("2022-02-30" is 2 March) and, in
// any time zone west of UTC, turns the date it read into the day before (`Date.fromStandardDate` takes the
// local day of UTC midnight): a filter or an `asOf` then silently asks about another day.
import { scalars } from "@neo4j/graphql";
import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import neo4j, { isDate } from "neo4j-driver";
import { dayProblem } from "../selectors.ts";

const libraryDate = scalars.GraphQLDate;

/** A day given as "YYYY-MM-DD", as Neo4j's Date, whatever the process's time zone; else an error naming it. */
function parseDate(value: string): InstanceType<typeof neo4j.types.Date> {
  const problem = dayProblem(value);
  if (problem) throw new GraphQLError(`Date ${problem}.`);
  const [year, month, day] = value.split("-").map(Number) as [number, number, number];
  return new neo4j.types.Date(year, month, day);
}

/** The `Date` scalar the API serves: the library's output, this module's strict input. */
export const strictDate = new GraphQLScalarType({
  name: "Date",
  description: libraryDate.description,
  serialize: libraryDate.serialize,
  parseValue(value) {
    if (typeof value === "string") return parseDate(value);
    if (isDate(value)) return value;
    throw new GraphQLError(`Date must be a string written YYYY-MM-DD; got ${JSON.stringify(value)}.`);
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError("Date must be a string written YYYY-MM-DD.");
    return parseDate(ast.value);
  },
});
