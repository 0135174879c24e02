import { ApolloServer } from "@apollo/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "../caller.ts";
import { mutationGuard } from "./mutation-guard.ts";

/** The runner each resolver saw: the guard must switch to the write runner only for a permitted mutation. */
interface TestContext extends Caller {
  executionContext: string;
  ran: string[];
}

// Apollo builds the schema itself, with the graphql module it loads (one built here may come from another).
const typeDefs = "type Query { ping: String } type Mutation { touch: String }";
/** Each field notes which runner it ran on. */
const noteRunner = (field: string) => (_root: unknown, _args: unknown, context: TestContext) => {
  context.ran.push(`${field} on ${context.executionContext}`);
  return field;
};
const apollo = new ApolloServer<TestContext>({
  typeDefs,
  resolvers: { Query: { ping: noteRunner("ping") }, Mutation: { touch: noteRunner("touch") } },
  plugins: [mutationGuard<TestContext>("write")],
});

beforeAll(() => apollo.start());
afterAll(() => apollo.stop());

/** Runs one operation as the given caller; returns its error codes and what ran, on which runner. */
async function run(query: string, jwt?: Caller["jwt"]) {
  const contextValue: TestContext = { ...(jwt ? { jwt } : {}), executionContext: "read", ran: [] };
  const { body } = await apollo.executeOperation({ query }, { contextValue });
  if (body.kind !== "single") throw new Error("expected a single result");
  const codes = body.singleResult.errors?.map((error) => error.extensions?.code) ?? [];
  return { codes, ran: contextValue.ran };
}

describe("mutationGuard", () => {
  it("refuses a mutation without a token before it runs: UNAUTHENTICATED", async () => {
    expect(await run("mutation { touch }")).toEqual({ codes: ["UNAUTHENTICATED"], ran: [] });
  });

  it("refuses a mutation from a token without the editor role: FORBIDDEN", async () => {
    expect(await run("mutation { touch }", { roles: ["reader"] })).toEqual({ codes: ["FORBIDDEN"], ran: [] });
  });

  it("runs an editor's mutation on the write runner", async () => {
    expect(await run("mutation { touch }", { roles: ["editor"] })).toEqual({
      codes: [],
      ran: ["touch on write"],
    });
  });

  it("leaves queries alone, anonymous or not, on the read runner", async () => {
    expect(await run("{ ping }")).toEqual({ codes: [], ran: ["ping on read"] });
    expect(await run("{ ping }", { roles: ["editor"] })).toEqual({ codes: [], ran: ["ping on read"] });
  });
});
