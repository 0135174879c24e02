// While Neo4j is away, every request would wait out the driver's connection and acquisition timeouts, and
// while it is starting, Bolt may accept connections before the database answers. Once one request finds
// the database unavailable, the gate closes: requests are answered SERVICE_UNAVAILABLE at once, and a probe
// (graph/api/ping.cypher, bounded in time) reopens the gate as soon as the database answers again.
import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";
import type { Driver } from "neo4j-driver";
import { metadataQuery } from "../database.ts";
import { apiStatements } from "../model/index.ts";
import { isUnavailable, unavailableMessage } from "./errors.ts";

/** How often the probe asks, and how long it waits for an answer, while the gate is closed. */
const probeEveryMs = 1_000;
const probeTimeoutMs = 2_000;

/** The gate: an Apollo plugin, and `stop()` to end the probe when the app stops. */
export interface AvailabilityGate {
  plugin: ApolloServerPlugin;
  stop(): void;
}

/**
 * Fails requests fast while the graph database is known to be unavailable, and notices when it is back.
 * `knownDown` tells it what the supervisor of a local Neo4j knows already: the process is dead.
 */
export function availabilityGate(
  driver: Driver,
  database: string,
  knownDown: () => boolean = () => false,
): AvailabilityGate {
  let available = true;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const probe = async () => {
    timer = undefined;
    let bound: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        driver.executeQuery(apiStatements.ping, {}, { database, ...metadataQuery }),
        new Promise((_, reject) => {
          bound = setTimeout(() => reject(new Error("probe timed out")), probeTimeoutMs);
        }),
      ]);
      available = true;
    } catch {
      if (!stopped) timer = setTimeout(probe, probeEveryMs).unref();
    } finally {
      clearTimeout(bound);
    }
  };

  const close = () => {
    if (!available || stopped) return;
    available = false;
    timer = setTimeout(probe, probeEveryMs).unref();
  };

  return {
    plugin: {
      async requestDidStart() {
        return {
          async didResolveOperation() {
            if (!available || knownDown()) {
              throw new GraphQLError(unavailableMessage, {
                extensions: { code: "SERVICE_UNAVAILABLE", http: { status: 503 } },
              });
            }
          },
          async didEncounterErrors({ errors }) {
            if (errors.some((error) => isUnavailable(error.originalError))) close();
          },
        };
      },
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
