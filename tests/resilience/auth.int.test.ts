// Auth under attack, on the real app in production mode: every mutation of the schema (the generated ones
// and any feature's write-back) without a token, with an expired one, one signed with another key, one
// without the editor role, an unsigned one: all refused, the graph unchanged. The app's own output never
// shows a secret or a token.
import { randomBytes } from "node:crypto";
import { type GraphQLSchema, parse, validate } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureSeeded, graphChecksum } from "../helpers/graph.ts";
import { sharedDriver, sharedNeo4j } from "../helpers/neo4j.ts";
import { seededRandom } from "../helpers/random.ts";
import {
  type AppProcess,
  classify,
  editorClaims,
  exchange,
  firstError,
  inPool,
  jwtSecretVariable,
  leaks,
  readerClaims,
  recordFigures,
  servedSchema,
  signJwt,
  startApp,
} from "../helpers/resilience.ts";
import { randomSelection, randomValue } from "./operations.ts";

const driver = sharedDriver();
const secret = randomBytes(24).toString("hex");
const otherSecret = randomBytes(24).toString("hex");
let app: AppProcess;
let schema: GraphQLSchema;
let checksum: string;
const tally = { sent: 0, refused: 0, accepted: 0, wronglyAccepted: 0 };

/** The bad credentials a client may send, with what the refusal must say. */
const credentials: { name: string; header?: string; says: RegExp }[] = [
  { name: "no token", says: /token|anonymous|read-only/i },
  {
    name: "expired token",
    header: `Bearer ${signJwt(editorClaims, secret, { expiresInSeconds: -60 })}`,
    says: /expired/i,
  },
  {
    name: "token signed with another key",
    header: `Bearer ${signJwt(editorClaims, otherSecret)}`,
    says: /signature/i,
  },
  {
    name: "token without the editor role",
    header: `Bearer ${signJwt(readerClaims, secret)}`,
    says: /forbidden|role/i,
  },
  { name: "token with no roles claim", header: `Bearer ${signJwt({}, secret)}`, says: /forbidden|role/i },
  {
    name: "unsigned token (alg none)",
    header: `Bearer ${signJwt(editorClaims, secret, { alg: "none" })}`,
    says: /algorithm|not a valid|signature/i,
  },
  { name: "garbage token", header: "Bearer not.a.jwt", says: /not a valid|token/i },
  {
    name: "wrong scheme",
    header: `Basic ${Buffer.from("neo4j:password").toString("base64")}`,
    says: /Bearer/,
  },
];

const review = "source:btech-cop-2022-year-end-review";
/** Writes any attacker would try first, each well-formed so that only auth can stop it. */
const handWritten = [
  `mutation { upsertEntities(input: [{ id: "company:intruder", name: "Intruder", evidence: [{ source: "${review}", section: "X", quote: "x" }] }]) { created } }`,
  `mutation { upsertEntities(input: [{ id: "company:telefonica", name: "Pwned", evidence: [{ source: "${review}", section: "X", quote: "x" }] }]) { updated } }`,
  `mutation { upsertSources(input: [{ id: "${review}", title: "Pwned" }]) { updated } }`,
  `mutation { assertFacts(input: [{ predicate: MEMBER_OF, subject: "company:apple", object: "programme:cop", evidence: [{ source: "${review}", section: "X", quote: "x" }] }]) { updated } }`,
  `mutation { retractCitations(input: [{ factId: "fact:member_of:company:apple:programme:cop", source: "${review}", section: "PARTICIPANTS", quote: "x" }]) { factsRemoved } }`,
];

/** One schema-valid operation per Mutation field (generated with a fixed seed). */
function everyMutation(): string[] {
  const rng = seededRandom(4_242);
  const root = schema.getMutationType();
  if (!root) return [];
  return Object.values(root.getFields()).flatMap((field) => {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const args = field.args
        .filter((arg) => arg.type.toString().endsWith("!") || rng.chance(0.5))
        .map((arg) => `${arg.name}: $${arg.name}`);
      const declarations = field.args
        .filter((arg) => args.some((used) => used.startsWith(`${arg.name}:`)))
        .map((arg) => `$${arg.name}: ${arg.type}`);
      const document = `mutation M${declarations.length ? `(${declarations.join(", ")})` : ""} { ${field.name}${args.length ? `(${args.join(", ")})` : ""} ${randomSelection(field.type, rng, 1)} }`;
      if (validate(schema, parse(document)).length === 0) {
        const variables = Object.fromEntries(
          field.args
            .filter((arg) => declarations.some((declared) => declared.startsWith(`$${arg.name}:`)))
            .map((arg) => [arg.name, randomValue(arg.type, rng)]),
        );
        return [JSON.stringify({ query: document, variables })];
      }
    }
    return [];
  });
}

beforeAll(async () => {
  await ensureSeeded(driver);
  checksum = await graphChecksum(driver);
  schema = await servedSchema();
  app = await startApp(sharedNeo4j(), { [jwtSecretVariable]: secret });
}, 300_000);

afterAll(async () => {
  await app?.stop();
  await driver.executeQuery(
    "MATCH (t:Theme) WHERE t.id STARTS WITH 'theme:resilience-auth-' DETACH DELETE t",
  );
  await recordFigures("auth", tally);
  await driver.close();
});

describe("writes without the right token", { timeout: 180_000 }, () => {
  it.each(credentials)(
    "refuses every hand-written write with: $name, naming why",
    async ({ header, says }) => {
      for (const query of handWritten) {
        const result = await exchange(
          app.url,
          { query },
          { headers: header ? { authorization: header } : {} },
        );
        tally.sent += 1;
        const outcome = classify(result);
        if (outcome === "refused") tally.refused += 1;
        else tally.wronglyAccepted += 1;
        expect(outcome, result.text.slice(0, 300)).toBe("refused");
        expect(firstError(result)).toMatch(says);
        expect(leaks(result.text)).toEqual([]);
      }
      expect(await graphChecksum(driver)).toBe(checksum);
    },
  );

  it("refuses every mutation of the schema, generated, with each bad credential", async () => {
    const mutations = everyMutation();
    expect(mutations.length).toBe(Object.keys(schema.getMutationType()?.getFields() ?? {}).length);
    const requests = mutations.flatMap((body) => credentials.map((credential) => ({ body, credential })));
    const accepted: string[] = [];
    await inPool(requests, 4, async ({ body, credential }) => {
      const result = await exchange(app.url, body, {
        headers: credential.header ? { authorization: credential.header } : {},
      });
      tally.sent += 1;
      const code = result.json?.errors?.[0]?.extensions?.code;
      if (classify(result) === "refused" && (code === "UNAUTHENTICATED" || code === "FORBIDDEN")) {
        tally.refused += 1;
      } else {
        tally.wronglyAccepted += 1;
        accepted.push(`${credential.name}: ${body.slice(0, 120)} -> ${result.text.slice(0, 200)}`);
      }
    });
    expect(accepted).toEqual([]);
    expect(await graphChecksum(driver)).toBe(checksum);
  });
});

describe("an editor's token", { timeout: 60_000 }, () => {
  it("writes (so the refusals above are auth, not a broken API)", async () => {
    const token = signJwt(editorClaims, secret);
    const result = await exchange(
      app.url,
      {
        query: `mutation { upsertEntities(input: [{ id: "theme:resilience-auth-ok", name: "Auth probe", evidence: [{ source: "${review}", section: "X", quote: "x" }] }]) { created } }`,
      },
      { headers: { authorization: `Bearer ${token}` } },
    );
    tally.sent += 1;
    tally.accepted += 1;
    expect(result.json?.data?.upsertEntities?.created).toEqual(["theme:resilience-auth-ok"]);
    await driver.executeQuery("MATCH (t:Theme {id: 'theme:resilience-auth-ok'}) DETACH DELETE t");
    expect(await graphChecksum(driver)).toBe(checksum);
  });
});

describe("the app's output", { timeout: 60_000 }, () => {
  it("never shows the JWT secret, the Neo4j password or a token", async () => {
    const output = app.output();
    expect(output).toMatch(/btech-graph is ready/);
    const tokens = credentials.flatMap((credential) =>
      credential.header ? [credential.header.split(" ")[1] ?? ""] : [],
    );
    for (const secretValue of [secret, otherSecret, sharedNeo4j().password, ...tokens]) {
      expect(output.includes(secretValue), `a secret of ${secretValue.length} characters in the log`).toBe(
        false,
      );
    }
    // Token parts: a logged header or payload would give the claims away even without the signature.
    for (const token of tokens) {
      for (const part of token.split(".").filter((piece) => piece.length > 16)) {
        expect(output.includes(part)).toBe(false);
      }
    }
  });
});
