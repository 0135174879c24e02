import { describe, expect, it } from "vitest";
import { describeExit } from "./supervisor.ts";

describe("describeExit", () => {
  it("names the signal that killed the JVM", () => {
    expect(describeExit({ code: null, signal: "SIGKILL" })).toBe("killed by SIGKILL");
  });

  it("explains exit code 3, the JVM's out-of-memory exit, and points at NEO4J_HEAP", () => {
    expect(describeExit({ code: 3, signal: null })).toBe(
      "exited with code 3 (the JVM ran out of memory: see NEO4J_HEAP)",
    );
  });

  it("gives any other exit code as it is, and says when the code cannot be known", () => {
    expect(describeExit({ code: 1, signal: null })).toBe("exited with code 1");
    expect(describeExit({ code: null, signal: null })).toMatch(/not started by this process/);
  });
});
