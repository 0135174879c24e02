import autocannon from "autocannon";
import type { BenchOperation } from "./operations.ts";

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
    distinctRequests: distinct.size,
  };
}
