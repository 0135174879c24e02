import { appendFile } from "node:fs/promises";
import path from "node:path";
import { homeLayout } from "./home.ts";
import type { LocalNeo4j, Neo4jExit, StartOptions } from "./server.ts";

/** How often, and how patiently, a dead local Neo4j is started again (NEO4J_RESTART_* in the README). */
export interface RestartPolicy {
  /** Restart attempts in a row before giving up; 0 reports the death and never restarts. */
  attempts: number;
  /** Wait before the first attempt; it doubles at each failed attempt, up to {@link maxBackoffMs}. */
  backoffMs: number;
}

/** The longest wait between two restart attempts. */
export const maxBackoffMs = 30_000;

/** What `/health` and `/ready` say about the local Neo4j: serving, being restarted, or given up on. */
export type Neo4jHealth =
  | { state: "running"; restarts: number; lastCrash?: { at: string; cause: string } }
  | { state: "restarting"; since: string; cause: string; attempt: number; attempts: number; restarts: number }
  | { state: "failed"; since: string; cause: string; attempts: number; restarts: number };

/** The cause of a death in a few words, for the log and `/health`. */
export function describeExit(exit: Pick<Neo4jExit, "code" | "signal">): string {
  if (exit.signal) return `killed by ${exit.signal}`;
  if (exit.code === 3) return "exited with code 3 (the JVM ran out of memory: see NEO4J_HEAP)";
  if (exit.code !== null) return `exited with code ${exit.code}`;
  return "stopped (it was not started by this process, so its exit code is unknown)";
}

/**
 * Watches the local Neo4j of a long-running process (`npm start`) and, when it dies, says why in the log
 * and in the home's console.log, then starts it again on the same port with the same password (so the
 * app's driver reconnects by itself), with bounded retries and exponential backoff. Command-line tools
 * do not supervise: they fail and say why.
 *
 * @example
 * const supervisor = new Neo4jSupervisor(local, { log: console.log }, { attempts: 5, backoffMs: 1_000 });
 * app.get("/health", (_req, res) => res.json(supervisor.health()));
 */
export class Neo4jSupervisor {
  private state: Neo4jHealth = { state: "running", restarts: 0 };
  private stopped = false;
  private pendingWait: { timer: NodeJS.Timeout; resolve: () => void } | undefined;
  private readonly stopListening: () => void;

  constructor(
    private readonly server: LocalNeo4j,
    private readonly startOptions: StartOptions & { log: (line: string) => void },
    private readonly policy: RestartPolicy,
  ) {
    this.stopListening = server.onUnexpectedExit((exit) => void this.recover(exit));
  }

  /** The local Neo4j's state as `/health` reports it. */
  health(): Neo4jHealth {
    return this.state;
  }

  /** Stops watching (before the server is stopped on purpose), and cancels a restart that waits. */
  stop(): void {
    this.stopped = true;
    this.stopListening();
    if (this.pendingWait) {
      clearTimeout(this.pendingWait.timer);
      this.pendingWait.resolve();
    }
  }

  private async recover(exit: Neo4jExit): Promise<void> {
    if (this.stopped) return;
    const log = this.startOptions.log;
    const cause = describeExit(exit);
    const since = new Date().toISOString();
    const { attempts } = this.policy;
    const restarts = this.state.restarts;
    // Known down from now on: /health, /ready and the API say so before anything else happens.
    this.state =
      attempts > 0
        ? { state: "restarting", since, cause, attempt: 1, attempts, restarts }
        : { state: "failed", since, cause, attempts, restarts };
    log(`Neo4j (pid ${exit.pid}) ${cause}. The end of its logs:\n${exit.logTail}`);
    await this.noteInHomeLog(`Neo4j (pid ${exit.pid}) ${cause}; btech-graph noticed at ${since}.`);

    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      this.state = { state: "restarting", since, cause, attempt, attempts, restarts };
      const delay = Math.min(this.policy.backoffMs * 2 ** (attempt - 1), maxBackoffMs);
      log(
        `Restarting Neo4j in ${delay / 1000} s (attempt ${attempt} of ${attempts}, NEO4J_RESTART_ATTEMPTS)…`,
      );
      await this.wait(delay);
      if (this.stopped) return;
      try {
        await this.server.start(this.startOptions);
        if (this.stopped) return;
        this.state = { state: "running", restarts: restarts + 1, lastCrash: { at: since, cause } };
        log(`Neo4j is back after restart ${attempt} of ${attempts}; the API serves again.`);
        return;
      } catch (error) {
        log(`Restart ${attempt} of ${attempts} failed: ${(error as Error).message}`);
        // A JVM that started but never answered is ours to end before the next attempt.
        await this.server.stop({ force: true, timeoutMs: 10_000 }).catch(() => {});
        if (this.stopped) return;
      }
    }
    this.state = { state: "failed", since, cause, attempts, restarts };
    const gaveUp =
      attempts === 0
        ? "Not restarting Neo4j: NEO4J_RESTART_ATTEMPTS is 0."
        : `Gave up restarting Neo4j after ${attempts} failed attempts (NEO4J_RESTART_ATTEMPTS).`;
    log(`${gaveUp} The API answers 503 until btech-graph is restarted; fix the cause above first.`);
    await this.noteInHomeLog(gaveUp);
  }

  /** Leaves a line in the home's console.log too, so that the home's own logs say what happened. */
  private async noteInHomeLog(line: string): Promise<void> {
    const file = path.join(homeLayout(this.server.settings.home).logs, "console.log");
    await appendFile(file, `[btech-graph] ${line}\n`).catch(() => {});
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pendingWait = undefined;
        resolve();
      }, ms);
      this.pendingWait = { timer, resolve };
    });
  }
}
