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
const soak = read("soak");
const vitest = read("vitest");

const n = (value: unknown) => (typeof value === "number" ? value.toLocaleString("en-US") : "not run");
/** The sum over the parts that ran; the summary names the parts that did not. */
const sum = (...values: (number | undefined)[]) => values.reduce<number>((a, b) => a + (b ?? 0), 0);
const missing = Object.entries({ hostile, fuzz, auth, faults, soak })
  .filter(([, figures]) => figures === undefined)
  .map(([name]) => name);

const fuzzRefused = fuzz
  ? fuzz.invalid.refused + fuzz.anonymousMutations.refused + fuzz.validQueries.refused
  : undefined;
const requestsSent = sum(hostile?.sent, fuzz?.sent, auth?.sent, faults?.requests, soak?.sent);
const refused = sum(hostile?.refused, fuzzRefused, auth?.refused, soak?.outcomes?.refused);
const errors = sum(
  hostile?.serverErrors,
  fuzz ? fuzz.serverErrors + fuzz.hung + fuzz.timedOut : undefined,
  auth?.wronglyAccepted,
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
| data lost | ${faults ? n(faults.dataLost) : "not run"}${soak ? (soak.graphUnchanged ? " (soak: graph unchanged)" : " (soak: **graph changed**)") : ""} |

## How to reproduce

\`\`\`sh
npx vitest run tests/resilience --reporter=default --reporter=json --outputFile.json=tests/resilience/results/vitest.json
                                         # (or the whole suite: only tests/resilience/ is reported)
npm run soak -- --minutes 10 --rate 20   # bounded; loopback only; its own throwaway Neo4j
npm run reliability                      # rewrites this file from tests/resilience/results/
\`\`\`

\`FUZZ_SEED\`, \`FUZZ_COUNT\` and \`FUZZ_SECONDS\` change the fuzzer's seed (default 20221231), size (default 2,000)
and time bound (default 150 s; it stops sending when the time is up).

## Tests${vitest ? ` (${testsPassed} passed, ${testRows.length - testsPassed} not passed, of ${testRows.length})` : ""}

${testRows.length ? `| file | test | result |\n| --- | --- | --- |\n${testRows.join("\n")}` : "The last run's per-test results were not recorded (run the first command above)."}

## Hostile GraphQL (\`hostile.int.test.ts\`)

Deep nesting, alias floods, token floods, costly fan-outs, huge \`limit\`/\`first\`, cyclic fragments, batched
(array) bodies, oversized bodies and strings, invalid variables, non-GraphQL bodies, CSRF, Lucene syntax in
full-text search, Cypher-looking text in every string argument and filter of every root query field, and
introspection abuse, against the app started as \`npm start\` starts it, with production settings.

${hostile ? `Sent ${n(hostile.sent)}: ${n(hostile.answered)} answered safely, ${n(hostile.refused)} refused as the client's fault, ${n(hostile.serverErrors)} server errors, ${n(hostile.leaks)} responses leaking a stack trace, Cypher or a Neo4j error; slowest ${Math.round(hostile.maxMs)} ms.${hostile.probeProblems?.length ? `\n\nString-argument probes that failed:\n\n${(hostile.probeProblems as string[]).map((line) => `- \`${line.replaceAll("`", "'")}\``).join("\n")}` : ""}` : "Not run."}

## Schema-driven fuzzing (\`fuzz.int.test.ts\`)

${fuzz ? `Seed ${fuzz.seed}, ${n(fuzz.sent)} operations sent of ${n(fuzz.generated)} generated from the served schema (the run stops sending when its time is up): valid queries ${n(fuzz.validQueries.answered)} answered and ${n(fuzz.validQueries.refused)} refused by a limit; malformed ${n(fuzz.invalid.refused)} refused and ${n(fuzz.invalid.answered)} answered; anonymous mutations ${n(fuzz.anonymousMutations.refused)} refused and ${n(fuzz.anonymousMutations.answered)} accepted. ${n(fuzz.serverErrors)} server errors, ${n(fuzz.timedOut)} stopped by the server-side timeout (504), ${n(fuzz.hung)} hung (no answer in 15 s), ${n(fuzz.leaks)} leaks; p50 ${fuzz.p50Ms} ms, p99 ${fuzz.p99Ms} ms, max ${fuzz.maxMs} ms.` : "Not run."}

## Auth (\`auth.int.test.ts\`)

${auth ? `Every mutation of the schema and five hand-written writes, with no token, an expired token, a token signed with another key, a token without the editor role, one without roles, an unsigned (\`alg: none\`) one, garbage, and the wrong scheme: ${n(auth.sent)} requests, ${n(auth.refused)} refused with UNAUTHENTICATED/FORBIDDEN, ${n(auth.wronglyAccepted)} not refused as they should be. The app's whole output is searched for the JWT secret, the Neo4j password and every token sent.` : "Not run."}

## Faults (\`faults.int.test.ts\`)

${faultRows.length ? `| fault | survived | data lost | measured |\n| --- | --- | --- | --- |\n${faultRows.join("\n")}` : "Not run."}

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
