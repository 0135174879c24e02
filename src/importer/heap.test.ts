import { describe, expect, it } from "vitest";
import { heapBytesPerYamlByte, heapWarning } from "./heap.ts";

const gigabyte = 1024 ** 3;

describe("heapWarning", () => {
  it("says nothing when the files fit in the heap's limit", () => {
    expect(heapWarning(100 * 1024 ** 2, 4 * gigabyte)).toBeUndefined();
  });

  it("names the limit to set, in MB: a GB above the estimate rounded up, when they do not", () => {
    const warning = heapWarning(1.1 * gigabyte, 4 * gigabyte);
    const needed = 1.1 * gigabyte * heapBytesPerYamlByte;
    expect(warning).toContain("this process's limit is 4.0 GB");
    expect(warning).toContain(
      `NODE_OPTIONS=--max-old-space-size=${(Math.ceil(needed / gigabyte) + 1) * 1024}`,
    );
  });
});
