// `npm run reliability`: turns the figures the resilience tests and the soak wrote into
// tests/resilience/results/*.json (git-ignored) into RELIABILITY.md. It reports only what was measured:
// a part that has not run is listed as not run.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../src/config.ts";
import { resultsFolder } from "../tests/helpers/resilience.ts";

// biome-ignore lint/suspicious/noExplicitAny: the figures are whatever each test file recorded
type Figures = Record<string, any>;

function read(name: string): Figures | undefined {
  const file = path.join(resultsFolder, `${name}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Figures) : undefined;
}

const hostile = read("hostile");
const fuzz = read("fuzz");
const auth = read("auth");
const faults = read("faults");
const analyticsLoad = read("analytics-load");
const nestedInput = read("nested-input");
const supervision = read("supervision");
const soak = read("soak");
const vitest = read("vitest");

const n = (value: unknown) => (typeof value === "number" ? value.toLocaleString("en-US") : "not run");
/** A figure a run of an older version of its test did not record. */
const recorded = (value: unknown) => (value === undefined ? "not recorded" : n(value));
/** Milliseconds as seconds, one decimal: "not measured" when the test stopped before measuring it. */
const seconds = (ms: unknown) => (typeof ms === "number" ? `${(ms / 1000).toFixed(1)} s` : "not measured");
/** `{ "400": 50 }` as "400 ×50". */
const counts = (tally: unknown) =>
  tally && typeof tally === "object" && Object.keys(tally).length
    ? Object.entries(tally)
        .map(([value, count]) => `${value} ×${count}`)
        .join(", ")
    : "none";
/** The sum over the parts that ran; the summary names the parts that did not. */
const sum = (...values: (number | undefined)[]) => values.reduce<number>((a, b) => a + (b ?? 0), 0);
const missing = Object.entries({
  hostile,
  fuzz,
  auth,
  faults,
  "analytics-load": analyticsLoad,
  "nested-input": nestedInput,
  supervision,
  soak,
})
  .filter(([, figures]) => figures === undefined)
  .map(([name]) => name);

const fuzzRefused = fuzz
  ? sum(
      fuzz.invalid?.refused,
      fuzz.anonymousMutations?.refused,
      fuzz.validQueries?.refused,
      fuzz.nestedInputs?.refused,
      fuzz.editorMutations?.refused,
    )
  : undefined;

/** The parts of the nested-input file, in the order it runs them, with what each sends. */
const nestedParts: [key: string, label: string][] = [
  ["graphql", "POST /graphql, the filter in variables, all at once"],
  ["export", "GET /export/d3?query=…&variables=…, all at once"],
  ["csrf", "GET /export/d3 without a preflight header (a link or form of another site)"],
  ["inlineAndRelationship", "a filter nested inline; a relationship filter (events/companies) nested"],
];
const nestedMeasured = nestedParts
  .map(([key]) => nestedInput?.[key] as Figures | undefined)
  .filter((part): part is Figures => part !== undefined);
const nestedSums = nestedInput
  ? {
      sent: sum(...nestedMeasured.map((part) => part.sent)),
      refused: sum(...nestedMeasured.map((part) => part.refused)),
      errors: sum(...nestedMeasured.map((part) => part.serverErrors + part.hung)),
    }
  : undefined;

/** The analytics file's bursts and the reads sent during the first one. */
const analyticsParts = [analyticsLoad?.burst, analyticsLoad?.retryAfterBurst].filter(
  (part): part is Figures => part !== undefined,
);
const analyticsSums = analyticsLoad
  ? {
      sent: sum(...analyticsParts.map((part) => part.sent), analyticsLoad.burst?.reads?.sent),
      refused: sum(...analyticsParts.map((part) => part.refused)),
      // Neither answered nor refused with 429, and reads that got no data during the burst.
      errors: sum(
        ...analyticsParts.map((part) => part.sent - part.answered - part.refused),
        analyticsLoad.burst?.reads ? analyticsLoad.burst.reads.sent - analyticsLoad.burst.reads.answered : 0,
      ),
    }
  : undefined;

const probes = supervision?.probes as Figures | undefined;
const supervisionErrors = probes
  ? sum(probes["server-error"], probes["timed-out"], probes.hung, probes.failed)
  : undefined;

const requestsSent = sum(
  hostile?.sent,
  fuzz?.sent,
  auth?.sent,
  faults?.requests,
  analyticsSums?.sent,
  nestedSums?.sent,
  probes?.sent,
  soak?.sent,
);
const refused = sum(
  hostile?.refused,
  fuzzRefused,
  auth?.refused,
  analyticsSums?.refused,
  nestedSums?.refused,
  probes?.refused,
  soak?.outcomes?.refused,
);
const errors = sum(
  hostile ? sum(hostile.serverErrors, hostile.timedOut, hostile.hung) : undefined,
  fuzz ? fuzz.serverErrors + fuzz.hung + fuzz.timedOut : undefined,
  auth?.wronglyAccepted,
  analyticsSums?.errors,
  nestedSums?.errors,
  supervisionErrors,
  soak?.errors,
);

const testRows: string[] = [];
let testsPassed = 0;
if (vitest?.testResults) {
  for (const file of vitest.testResults as { name: string; assertionResults: Figures[] }[]) {
    // The JSON may come from a whole `npm test` run: only the resilience tier's tests belong here.
    if (!file.name.includes(`${path.sep}tests${path.sep}resilience${path.sep}`)) continue;
    for (const test of file.assertionResults) {
      if (test.status === "passed") testsPassed += 1;
      testRows.push(
        `| ${path.basename(file.name)} | ${test.fullName ?? test.title} | ${test.status === "passed" ? "passed" : `**${test.status}**`} |`,
      );
    }
  }
}

const faultRows = ((faults?.faults ?? []) as Figures[]).map((fault) => {
  const details = Object.entries(fault)
    .filter(([key]) => !["fault", "survived", "dataLost"].includes(key))
    .map(([key, value]) => `${key} ${typeof value === "object" ? JSON.stringify(value) : value}`)
    .join("; ");
  return `| ${fault.fault} | ${fault.survived ? "yes" : "**no**"} | ${fault.dataLost ?? "unknown"} | ${details} |`;
});

const report = `# Reliability

What btech-graph withstands, as measured by its resilience suite (\`tests/resilience/\`, part of \`npm test\`) and
its soak (\`npm run soak\`). Every figure below comes from \`tests/resilience/results/*.json\`, written by the
runs themselves; \`npm run reliability\` regenerates this page from them. Generated ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC
on the project's machine (2 cores, Node ${process.versions.node}; see the notes at the end for how busy it was).

## Summary
${missing.length ? `\nNot run for this report: ${missing.join(", ")}; the sums below leave them out.\n` : ""}
| figure | value |
| --- | --- |
| requests sent (tests and soak) | ${n(requestsSent)} |
| refused correctly (client error naming the problem) | ${n(refused)} |
| errors (5xx, masked internal errors, timeouts, hung requests, writes wrongly accepted) | ${n(errors)} |
| p99 under load (soak, ${soak ? `${soak.ratePerSecond} req/s for ${soak.minutes} min` : "not run"}) | ${soak ? `${soak.p99Ms} ms` : "not run"} |
| p99 of the fuzzer (4 concurrent clients) | ${fuzz ? `${fuzz.p99Ms} ms` : "not run"} |
| faults injected / survived | ${faults ? `${faults.faultsInjected} / ${faults.faultsSurvived}` : "not run"} |
| local Neo4j SIGKILLed under the app: death logged / queries answered again after | ${supervision ? `${seconds(supervision.restart?.noticedAfterMs)} / ${seconds(supervision.restart?.answeredAgainAfterMs)}` : "not run"} |
| data lost | ${faults ? n(faults.dataLost) : "not run"}${soak ? (soak.graphUnchanged ? " (soak: graph unchanged)" : " (soak: **graph changed**)") : ""} |

## How to reproduce

\`\`\`sh
npx vitest run tests/resilience --reporter=default --reporter=json --outputFile.json=tests/resilience/results/vitest.json
                                         # (or the whole suite: only tests/resilience/ is reported)
npm run soak -- --minutes 10 --rate 20   # bounded; loopback only; its own throwaway Neo4j
npm run reliability                      # rewrites this file from tests/resilience/results/
\`\`\`

\`FUZZ_SEED\`, \`FUZZ_COUNT\` and \`FUZZ_SECONDS\` change the fuzzer's seed (default 20221231), size (default 10,000, a
tenth of them editors' mutations) and time bound (default 600 s for each of its two phases, anonymous then editors;
a phase stops sending when its time is up).

## Tests${vitest ? ` (${testsPassed} passed, ${testRows.length - testsPassed} not passed, of ${testRows.length})` : ""}

${testRows.length ? `| file | test | result |\n| --- | --- | --- |\n${testRows.join("\n")}` : "The last run's per-test results were not recorded (run the first command above)."}

## Hostile GraphQL (\`hostile.int.test.ts\`)

Deep nesting, alias floods, token floods, costly fan-outs, huge \`limit\`/\`first\`, cyclic fragments, batched
(array) bodies, oversized bodies and strings, invalid variables, non-GraphQL bodies, CSRF, Lucene syntax in
full-text search, Cypher-looking text in every string argument and filter of every root query field, and
introspection abuse, against the app started as \`npm start\` starts it, with production settings.

${hostile ? `Sent ${n(hostile.sent)}: ${n(hostile.answered)} answered safely, ${n(hostile.refused)} refused as the client's fault, ${n(hostile.serverErrors)} server errors, ${n(hostile.timedOut)} stopped by the server-side timeout, ${typeof hostile.hung === "number" ? `${n(hostile.hung)} hung (no answer within ${hostile.hungAfterMs / 1000} s)` : "hung requests not counted by that run"}, ${n(hostile.leaks)} responses leaking a stack trace, Cypher or a Neo4j error; slowest ${Math.round(hostile.maxMs)} ms (a figure, not a bound the test asserts).${hostile.probeProblems?.length ? `\n\nString-argument probes that failed:\n\n${(hostile.probeProblems as string[]).map((line) => `- \`${line.replaceAll("`", "'")}\``).join("\n")}` : ""}` : "Not run."}

## Schema-driven fuzzing (\`fuzz.int.test.ts\`)

${
  fuzz
    ? `Seed ${fuzz.seed}, ${n(fuzz.sent)} operations sent of ${n(fuzz.generated)} generated from the served schema (each phase stops sending when its time is up), by 4 concurrent clients${fuzz.editorMutations ? ": first anonymously, then a tenth of them as an editor through the editing API" : ", all anonymously (that run had no editors' phase)"}.

| kind | answered | refused |
| --- | --- | --- |
| valid queries (refused: by a limit) | ${n(fuzz.validQueries?.answered)} | ${n(fuzz.validQueries?.refused)} |
| malformed operations | ${n(fuzz.invalid?.answered)} | ${n(fuzz.invalid?.refused)} |
| filters nested hundreds of levels deep or thousands wide | ${recorded(fuzz.nestedInputs?.answered)} | ${recorded(fuzz.nestedInputs?.refused)} |
| anonymous mutations (answered: accepted) | ${n(fuzz.anonymousMutations?.answered)} | ${n(fuzz.anonymousMutations?.refused)} |
| editors' mutations (real ids and citations mixed with made-up ones) | ${recorded(fuzz.editorMutations?.answered)} | ${recorded(fuzz.editorMutations?.refused)} |

${n(fuzz.serverErrors)} server errors, ${n(fuzz.timedOut)} stopped by the server-side timeout (504), ${n(fuzz.hung)} hung (no answer in 15 s), ${n(fuzz.leaks)} leaks; p50 ${fuzz.p50Ms} ms, p99 ${fuzz.p99Ms} ms, max ${fuzz.maxMs} ms. Graph after the anonymous phase: ${fuzz.graphUnchangedByAnonymous === undefined ? "not checked by that run" : fuzz.graphUnchangedByAnonymous ? "unchanged" : "**changed**"}; invariants of src/editing/invariants.ts broken after the editors' phase: ${recorded(fuzz.invariantViolationsAfterEditors)}.`
    : "Not run."
}

## Auth (\`auth.int.test.ts\`)

${auth ? `Every mutation of the schema and five hand-written writes, with no token, an expired token, a token signed with another key, a token without the editor role, one without roles, an unsigned (\`alg: none\`) one, garbage, and the wrong scheme: ${n(auth.sent)} requests, ${n(auth.refused)} refused with UNAUTHENTICATED/FORBIDDEN, ${n(auth.wronglyAccepted)} not refused as they should be. The app's whole output is searched for the JWT secret, the Neo4j password and every token sent.` : "Not run."}

## Faults (\`faults.int.test.ts\`)

${faultRows.length ? `| fault | survived | data lost | measured |\n| --- | --- | --- | --- |\n${faultRows.join("\n")}` : "Not run."}

## Analytics under load (\`analytics-load.int.test.ts\`)

${
  analyticsLoad?.burst
    ? `Twenty concurrent anonymous betweenness requests, each with its own sampling size (so no answer is reused), on a Neo4j of the test's own with ${analyticsLoad.neo4jHeap ?? "its"} heap${
        analyticsLoad.settings
          ? ` and ${Object.entries(analyticsLoad.settings as Figures)
              .map(([name, value]) => `${name}=${value}`)
              .join(", ")}`
          : ""
      }: ${n(analyticsLoad.burst.sent)} sent, ${n(analyticsLoad.burst.answered)} answered, ${n(analyticsLoad.burst.refused)} refused with 429 TOO_MANY_REQUESTS and a Retry-After naming the limit. ${analyticsLoad.burst.reads ? `Reads sent during the burst: ${n(analyticsLoad.burst.reads.sent)}, ${n(analyticsLoad.burst.reads.answered)} answered. ` : ""}${analyticsLoad.burst.neo4jSameProcess === undefined ? "" : `Neo4j afterwards: ${analyticsLoad.burst.neo4jSameProcess ? "the same process, alive" : "**not the same process**"}; /ready ${analyticsLoad.burst.readyAfter}.`}${analyticsLoad.retryAfterBurst ? ` A second burst of ${n(analyticsLoad.retryAfterBurst.sent)} read as a plain HTTP client: ${n(analyticsLoad.retryAfterBurst.answered)} answered, ${n(analyticsLoad.retryAfterBurst.refused)} refused with 429 and a Retry-After header.` : ""}`
    : analyticsLoad
      ? "Ran, but stopped before the burst was measured (see Tests)."
      : "Not run."
}

## Nested input (\`nested-input.int.test.ts\`)

${
  nestedInput
    ? `Filters that nest \`{ NOT: { NOT: … } }\` hundreds of levels deep (they once passed every limit and held a pooled Neo4j connection for minutes: fifty made /ready answer 503), ${n(nestedInput.concurrent)} at once, against the app started as \`npm start\` starts it; the limit is GRAPHQL_MAX_INPUT_DEPTH ${n(nestedInput.maxInputDepth)}.

| attack | levels | sent | refused | server errors | hung | codes | statuses | /ready while they arrive | /ready after | slowest |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${nestedParts
  .map(([key, label]) => {
    const part = nestedInput[key] as Figures | undefined;
    if (!part) return `| ${label} | not measured (the test stopped before) | | | | | | | | | |`;
    return `| ${label} | ${part.levels ?? "not recorded"} | ${n(part.sent)} | ${n(part.refused)} | ${n(part.serverErrors)} | ${n(part.hung)} | ${counts(part.codes)} | ${counts(part.statuses)} | ${part.readyDuring ? (part.readyDuring as number[]).join(", ") : "not asked"} | ${part.readyAfter ?? "not asked"} | ${part.slowestMs} ms |`;
  })
  .join("\n")}

${nestedInput.after ? `After: app ${nestedInput.after.appAlive ? "up" : "**down**"}, /ready ${nestedInput.after.ready}, graph ${nestedInput.after.graphUnchanged ? "unchanged" : "**changed**"}.` : "After: not measured (the test stopped before)."}`
    : "Not run."
}

## Supervision of the local Neo4j (\`supervision.int.test.ts\`)

${
  supervision
    ? `The app as \`npm start\` runs it, with its own Neo4j (NEO4J_RESTART_ATTEMPTS=${supervision.attempts}, NEO4J_RESTART_BACKOFF_MS=${supervision.backoffMs}); the test SIGKILLs the JVM under it. Times are measured from the kill, on this shared machine, and reported, never asserted.

${
  supervision.restart
    ? `- **Killed, restarted on its own:** cause logged "${supervision.restart.causeLogged ?? "not logged"}", ${seconds(supervision.restart.noticedAfterMs)} after the kill (to within the 0.2 s between two looks at the log); meanwhile /health ${supervision.restart.healthDuring ? `${supervision.restart.healthDuring.status} "${supervision.restart.healthDuring.body}"` : "not asked"}, /ready ${supervision.restart.readyDuring ?? "not asked"}, a query ${supervision.restart.queryDuring ? `"${supervision.restart.queryDuring}"` : "not sent"}; queries answered again ${seconds(supervision.restart.answeredAgainAfterMs)} after the kill.`
    : "- **Killed, restarted on its own:** not measured (the test stopped before)."
}
${
  supervision.giveUp
    ? `- **Restart made impossible** (another program on the Bolt port): gave up ${seconds(supervision.giveUp.gaveUpAfterMs)} after the kill, logging "${supervision.giveUp.failureLogged ?? "nothing"}"; then /health ${supervision.giveUp.health ? `${supervision.giveUp.health.status} "${supervision.giveUp.health.body}"` : "not asked"}, /ready ${supervision.giveUp.ready ?? "not asked"}, a query ${supervision.giveUp.query ? `"${supervision.giveUp.query}"` : "not sent"}, the app ${supervision.giveUp.appAlive === undefined ? "not checked" : supervision.giveUp.appAlive ? "still up" : "**down**"}.`
    : "- **Restart made impossible:** not measured (the test stopped before)."
}
${probes ? `- Queries sent while Neo4j was down or restarting: ${n(probes.sent)} (${counts(Object.fromEntries(Object.entries(probes).filter(([key, value]) => key !== "sent" && value > 0)))}; "hung": no answer in time, "failed": no HTTP answer).` : ""}`
    : "Not run."
}

## Soak (\`npm run soak\`)

${soak ? `${soak.minutes} min at ${soak.ratePerSecond} requests/s (one in 20 an attack that must be refused): ${n(soak.sent)} sent, ${n(soak.shed)} shed, outcomes ${JSON.stringify(soak.outcomes)}, ${n(soak.errors)} errors; p50 ${soak.p50Ms} ms, p99 ${soak.p99Ms} ms, max ${soak.maxMs} ms. App memory (RSS) ${soak.memory.appStartMb} MB at start, ${soak.memory.appEndMb} MB at the end, trend after warm-up ${soak.memory.appTrendMbPerMinute} MB/min; Neo4j ${soak.memory.neo4jStartMb} → ${soak.memory.neo4jEndMb} MB (${soak.memory.neo4jTrendMbPerMinute} MB/min). Graph ${soak.graphUnchanged ? "unchanged" : "**changed**"}; app ${soak.appAliveAfter ? "still up" : "**down**"} after.${soak.wrongOutcomes.length ? `\n\nWrong outcomes: ${soak.wrongOutcomes.map((line: string) => `\`${line}\``).join(", ")}` : ""}` : "Not run."}
`;

// What people wrote below the marker (findings, what a failure waits on) survives regeneration.
const marker = "<!-- Written by hand below this line; npm run reliability keeps it. -->";
const target = path.join(projectRoot, "RELIABILITY.md");
const previous = existsSync(target) ? readFileSync(target, "utf8") : "";
const kept = previous.includes(marker) ? previous.slice(previous.indexOf(marker) + marker.length) : "\n";
writeFileSync(target, `${report}\n${marker}${kept}`);
console.log("RELIABILITY.md written from tests/resilience/results/.");
