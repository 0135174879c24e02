import { describe, expect, it } from "vitest";
import { AdmissionGate } from "./admission.ts";
import { AnalyticsBusyError } from "./errors.ts";

/** A run that finishes when the test says so. */
function pending() {
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return { done, finish };
}

describe("AdmissionGate", () => {
  it("runs at most `concurrency` at once and starts the waiting ones in order of arrival", async () => {
    const gate = new AdmissionGate({ concurrency: 2, queue: 5, maxWaitMs: 60_000 });
    const started: number[] = [];
    const runs = Array.from({ length: 5 }, () => pending());
    const results = runs.map((run, index) =>
      gate.run(async () => {
        started.push(index);
        await run.done;
        return index;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(gate.load).toEqual({ running: 2, waiting: 3 });
    runs[1]?.finish();
    await results[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    for (const run of runs) run.finish();
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3, 4]);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  it("refuses at once when the queue is full, naming the variables and when to retry", async () => {
    const gate = new AdmissionGate({ concurrency: 1, queue: 1, maxWaitMs: 60_000 });
    const run = pending();
    const first = gate.run(() => run.done);
    const second = gate.run(() => run.done);
    const third = gate.run(() => run.done);
    await expect(third).rejects.toBeInstanceOf(AnalyticsBusyError);
    await expect(third).rejects.toThrow(/ANALYTICS_CONCURRENCY, ANALYTICS_QUEUE/);
    const refusal = (await third.catch((error: unknown) => error)) as AnalyticsBusyError;
    expect(refusal.details).toMatchObject({ limit: "ANALYTICS_QUEUE", maximum: 1 });
    expect(refusal.details.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    run.finish();
    await Promise.all([first, second]);
  });

  it("refuses a run that waited longer than allowed, and frees its place in the queue", async () => {
    const gate = new AdmissionGate({ concurrency: 1, queue: 1, maxWaitMs: 50 });
    const run = pending();
    const first = gate.run(() => run.done);
    const waiting = gate.run(async () => "ran");
    await expect(waiting).rejects.toThrow(/ANALYTICS_TIMEOUT_MS/);
    expect(gate.load).toEqual({ running: 1, waiting: 0 });
    run.finish();
    await first;
    expect(await gate.run(async () => "ran")).toBe("ran");
  });

  it("frees the slot when a run fails", async () => {
    const gate = new AdmissionGate({ concurrency: 1, queue: 0, maxWaitMs: 60_000 });
    await expect(gate.run(() => Promise.reject(new Error("broke")))).rejects.toThrow("broke");
    expect(await gate.run(async () => 1)).toBe(1);
  });
});
