// How many analytics runs one app instance lets Neo4j work on at once. GDS keeps its projections and its
// algorithms' arrays on Neo4j's heap, outside the transaction memory limits, so twenty runs at once can
// exhaust a small heap and Neo4j exits. A few run; a bounded number wait in order; the rest are refused
// with a time to retry. Our own small gate rather than p-limit or p-queue (not dependencies): neither
// bounds its queue nor refuses with a retry time, which is the part that matters here.
import { AnalyticsBusyError } from "./errors.ts";

/** The gate's bounds, from ANALYTICS_CONCURRENCY, ANALYTICS_QUEUE and ANALYTICS_TIMEOUT_MS. */
export interface AdmissionBounds {
  concurrency: number;
  queue: number;
  /** The longest a run waits for a slot before it is refused. */
  maxWaitMs: number;
}

interface Waiter {
  admit: () => void;
  timer: NodeJS.Timeout;
}

/**
 * A counting semaphore with a bounded queue, first come first served.
 *
 * @example
 * const gate = new AdmissionGate({ concurrency: 2, queue: 8, maxWaitMs: 60_000 });
 * const answer = await gate.run(() => pageRank(target, projection, options));
 */
export class AdmissionGate {
  private running = 0;
  private readonly waiting: Waiter[] = [];
  /** Mean length of recent runs, for the Retry-After of a refusal. */
  private meanRunMs = 1_000;

  constructor(readonly bounds: AdmissionBounds) {}

  /** Runs `work` when a slot is free; throws {@link AnalyticsBusyError} when the queue is full or the wait too long. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire();
    const started = Date.now();
    try {
      return await work();
    } finally {
      this.meanRunMs = 0.8 * this.meanRunMs + 0.2 * (Date.now() - started);
      this.release();
    }
  }

  /** Runs in progress and runs waiting, for logs and tests. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private acquire(): Promise<void> {
    const { concurrency, queue, maxWaitMs } = this.bounds;
    if (this.running < concurrency && this.waiting.length === 0) {
      this.running += 1;
      return Promise.resolve();
    }
    if (this.waiting.length >= queue) {
      return Promise.reject(
        new AnalyticsBusyError(
          `Too many analytics requests: ${concurrency} are running and ${queue} are waiting, the most this server allows (ANALYTICS_CONCURRENCY, ANALYTICS_QUEUE). Try again in ${this.retryAfterSeconds()} s.`,
          { limit: "ANALYTICS_QUEUE", maximum: queue, retryAfterSeconds: this.retryAfterSeconds() },
        ),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        admit: () => {
          clearTimeout(waiter.timer);
          resolve();
        },
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          reject(
            new AnalyticsBusyError(
              `The analytics request waited ${maxWaitMs} ms for one of the ${concurrency} slots (ANALYTICS_CONCURRENCY) without getting one, and was not run (the wait is bounded by ANALYTICS_TIMEOUT_MS). Try again in ${this.retryAfterSeconds()} s.`,
              {
                limit: "ANALYTICS_CONCURRENCY",
                maximum: concurrency,
                retryAfterSeconds: this.retryAfterSeconds(),
              },
            ),
          );
        }, maxWaitMs),
      };
      this.waiting.push(waiter);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so a newcomer can never overtake the queue.
    if (next) next.admit();
    else this.running -= 1;
  }

  /** Seconds until the queue ahead of a newcomer has likely drained, at least 1. */
  private retryAfterSeconds(): number {
    const rounds = (this.waiting.length + this.running) / this.bounds.concurrency;
    return Math.max(1, Math.ceil((rounds * this.meanRunMs) / 1000));
  }
}
