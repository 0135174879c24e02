import { describe, expect, it } from "vitest";
import { heapWarning } from "./heap.ts";

const gigabyte = 1024 ** 3;

describe("heapWarning", () => {
  it("says nothing when the files fit in the heap's limit", () => {
    expect(heapWarning(100 * 1024 ** 2, 4 * gigabyte)).toBeUndefined();
  });

  it("names the limit to set, in MB: a GB above the estimate rounded up, when they do not", () => {
    // 1.1 GB of YAML at 6 bytes of heap each: 6.6 GB, rounded up to 7, one more for the collector.
    const warning = heapWarning(1.1 * gigabyte, 4 * gigabyte);
    expect(warning).toContain("this process's limit is 4.0 GB");
    expect(warning).toContain("NODE_OPTIONS=--max-old-space-size=8192");
  });
});
