import { describe, expect, it } from "vitest";
import { formatSummary } from "./index.ts";
import { progressBar } from "./progress.ts";

/** A stand-in for stderr that records what is written, as a terminal or as a log file. */
function stream(isTTY: boolean) {
  const written: string[] = [];
  return {
    written,
    stream: { isTTY, write: (chunk: string) => written.push(chunk) } as unknown as NodeJS.WriteStream,
  };
}

describe("progressBar", () => {
  it("redraws one bar in place on a terminal and ends the line when done", () => {
    const { written, stream: tty } = stream(true);
    const report = progressBar("Writing", tty);
    report(250, 1000);
    report(1000, 1000);
    expect(written[0]).toBe(`\rWriting [${"#".repeat(8)}${".".repeat(22)}] 25% 250/1000`);
    expect(written[1]).toBe(`\rWriting [${"#".repeat(30)}] 100% 1000/1000`);
    expect(written[2]).toBe("\n");
  });

  it("writes a line per tenth elsewhere (CI logs), not one per batch", () => {
    const { written, stream: log } = stream(false);
    const report = progressBar("Writing", log);
    for (let done = 100; done <= 10_000; done += 100) report(done, 10_000);
    expect(written).toHaveLength(11);
    expect(written[0]).toBe("Writing: 0% (100/10000)\n");
    expect(written[1]).toBe("Writing: 10% (1000/10000)\n");
    expect(written.at(-1)).toBe("Writing: 100% (10000/10000)\n");
  });
});

describe("formatSummary", () => {
  it("says per type and per predicate what was created, updated and left unchanged", () => {
    const text = formatSummary({
      nodes: { Company: { created: 13, updated: 1, unchanged: 2 } },
      facts: { MEMBER_OF: { created: 0, updated: 0, unchanged: 13 } },
      withdrawn: { updated: [], deleted: [] },
      seconds: 2,
    });
    expect(text).toMatch(/Company\s+13 created\s+1 updated\s+2 unchanged/);
    expect(text).toMatch(/fact MEMBER_OF\s+0 created\s+0 updated\s+13 unchanged/);
    expect(text).toMatch(/29 records in 2\.0 s \(15 records\/s\)/);
    expect(text).not.toMatch(/no longer/);
  });

  it("says what records a source's file no longer has: merged again from other sources, or deleted", () => {
    const text = formatSummary({
      nodes: { Company: { created: 0, updated: 0, unchanged: 2 } },
      facts: {},
      withdrawn: {
        updated: ["company:apple", "fact:member_of:company:apple:programme:cop"],
        deleted: ["company:hp"],
      },
      seconds: 1,
    });
    expect(text).toMatch(
      /no longer stated by their source: 2 merged again from the other sources, 1 deleted/,
    );
  });
});
