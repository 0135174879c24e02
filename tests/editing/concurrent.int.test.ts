// Editors writing at the same moment: Neo4j serialises conflicting transactions with locks, and one of two
// that touch the same records may be rolled back (a deadlock, or records the other deleted). Such a write is
// refused as a conflict the client can retry — never an internal error — and the graph stays sound. Found by
// the fuzzer (tests/resilience/fuzz.int.test.ts): two retractions of a fact's last citation at once.
import type { Driver } from "neo4j-driver";
import { describe, expect, it } from "vitest";
import { mintToken } from "../../src/api/token.ts";
import { type ApiSettings, loadConfig } from "../../src/config.ts";
import { checkInvariants } from "../../src/editing/index.ts";
import { ensureSeeded, removeTestEdits } from "../helpers/graph.ts";
import { postGraphQL, serveAppForSuite } from "../helpers/http.ts";
import { sharedNeo4j } from "../helpers/neo4j.ts";

const secret = "test-secret-of-at-least-32-characters!!";
const api: ApiSettings = loadConfig({ JWT_SECRET: secret }).api;
const testSource = "source:concurrent-edit-test";
const retract = `mutation R($input: [CitationRetraction!]!) {
  retractCitations(input: $input) { citationsRemoved factsRemoved }
}`;
const assertFacts =
  "mutation F($input: [FactInput!]!) { assertFacts(input: $input) { created updated unchanged } }";
const upsertSources = "mutation S($input: [SourceInput!]!) { upsertSources(input: $input) { created } }";

const removeTestRecords = (driver: Driver) => removeTestEdits(driver, { source: testSource });

describe("editors writing at the same moment", () => {
  const server = serveAppForSuite({
    api,
    before: async (driver) => {
      await ensureSeeded(driver, sharedNeo4j().database);
      await removeTestRecords(driver);
    },
    after: removeTestRecords,
  });
  const { driver } = server;

  it("retract the same last citation: one wins, the others are refused as retryable conflicts, none fails", async () => {
    const editor = { authorization: `Bearer ${await mintToken(secret, { roles: ["editor"] })}` };
    const edit = (query: string, variables: Record<string, unknown>) =>
      postGraphQL(server.url, query, variables, editor);
    expect(
      (await edit(upsertSources, { input: [{ id: testSource, title: "Concurrent edits" }] })).body.errors,
    ).toBeUndefined();

    for (let round = 0; round < 5; round += 1) {
      const citation = { source: testSource, section: "NOTES", quote: `round ${round}` };
      const fact = { predicate: "HAS_THEME", subject: "event:cop-2022-06-21", object: "theme:remedy" };
      const asserted = await edit(assertFacts, { input: [{ ...fact, evidence: [citation] }] });
      expect(asserted.body.errors).toBeUndefined();
      const factId = "fact:has_theme:event:cop-2022-06-21:theme:remedy";
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => edit(retract, { input: [{ factId, ...citation }] })),
      );
      const codes = answers.map(({ body }) => String(body.errors?.[0]?.extensions?.code ?? "OK"));
      // This app takes edits in turns: the first retraction commits, so exactly one wins (at most one would
      // also pass a resolver that refused every retraction).
      expect(codes.filter((code) => code === "OK").length).toBe(1);
      // Each loser is told why: the citation is gone (a plain refusal), or it met the winner (a conflict).
      expect(codes.filter((code) => !["OK", "BAD_USER_INPUT", "CONFLICT"].includes(code))).toEqual([]);
      for (const { status, body } of answers.filter(
        ({ body }) => body.errors?.[0]?.extensions?.code === "CONFLICT",
      )) {
        expect(status).toBe(409);
        expect(body.errors?.[0]?.message).toMatch(/^Nothing was written: .*Send it again\.$/);
      }
      expect(await checkInvariants(driver, sharedNeo4j().database)).toEqual([]);
    }
  });
});
