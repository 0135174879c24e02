import autocannon from "autocannon";
import neo4j, { type Driver } from "neo4j-driver";
import type { BenchOperation } from "./operations.ts";
import { percentile } from "./queries.ts";

/** What a bounded run of concurrent mixed requests measured. */
export interface LoadFigures {
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts, non-2xx answers and answers carrying GraphQL `errors`. */
  errors: number;
  /** The errors by kind (absent in runs before it was recorded). */
  errorKinds?: { connection: number; timeout: number; non2xx: number; graphql: number };
  /** The app's response cache lifetime in seconds (0 or absent: off). */
  cacheSeconds?: number;
  /** How many different requests (operation and variables) the workload sent. */
  distinctRequests?: number;
}

/**
 * Sends the operations in turn (each call with new variables) from `connections` concurrent keep-alive
 * connections for `seconds`, as a mixed read workload.
 */
export async function measureLoad(
  url: string,
  operations: BenchOperation[],
  connections: number,
  seconds: number,
): Promise<LoadFigures> {
  let call = 0;
  const distinct = new Set<string>();
  const result = await autocannon({
    url: `${url}/graphql`,
    connections,
    duration: seconds,
    // A GraphQL error comes back as HTTP 200: count it as an error too.
    verifyBody: (body) => !String(body ?? "").includes('"errors"'),
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        setupRequest: (request) => {
          const operation = operations[call % operations.length] as BenchOperation;
          const variables = operation.variables(Math.floor(call / operations.length));
          call += 1;
          const { graphql: query, operationName } = operation;
          const body = JSON.stringify({ query, operationName, variables });
          distinct.add(body);
          return { ...request, body };
        },
      },
    ],
  });
  const mismatches = (result as unknown as { mismatches?: number }).mismatches ?? 0;
  return {
    connections,
    seconds,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx + mismatches,
    errorKinds: {
      connection: result.errors,
      timeout: result.timeouts,
      non2xx: result.non2xx,
      graphql: mismatches,
    },
    distinctRequests: distinct.size,
  };
}

/**
 * The same mixed workload as hand-written Cypher straight through `neo4j-driver`, from `connections`
 * concurrent callers for `seconds`: what Neo4j alone gives on this machine, the ceiling of the API's load.
 */
export async function measureCypherLoad(
  driver: Driver,
  operations: BenchOperation[],
  connections: number,
  seconds: number,
): Promise<LoadFigures> {
  const latencies: number[] = [];
  let errors = 0;
  let call = 0;
  const distinct = new Set<string>();
  const ends = performance.now() + seconds * 1000;
  const caller = async () => {
    while (performance.now() < ends) {
      const operation = operations[call % operations.length] as BenchOperation;
      const parameters = operation.parameters(Math.floor(call / operations.length));
      call += 1;
      distinct.add(`${operation.name}${JSON.stringify(parameters)}`);
      const started = performance.now();
      try {
        await driver.executeQuery(operation.cypher, parameters, {
          database: "neo4j",
          routing: neo4j.routing.READ,
        });
        latencies.push(performance.now() - started);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, caller));
  latencies.sort((a, b) => a - b);
  return {
    connections,
    seconds,
    requests: latencies.length + errors,
    requestsPerSecond: Math.round((latencies.length + errors) / seconds),
    p50: Math.round(percentile(latencies, 50)),
    p99: Math.round(percentile(latencies, 99)),
    errors,
    distinctRequests: distinct.size,
  };
}
