import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maxDocumentBytes, readSourceText } from "./index.ts";

describe("readSourceText", () => {
  let root: string;
  let seed: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "btech-documents-"));
    seed = path.join(root, "seed");
    await mkdir(path.join(seed, "sources"), { recursive: true });
    await writeFile(path.join(seed, "sources", "review.txt"), "The review's text.\n");
    await writeFile(path.join(root, "secret.txt"), "outside seed/");
    await symlink(path.join(root, "secret.txt"), path.join(seed, "sources", "link.txt"));
    await writeFile(path.join(seed, "sources", "huge.txt"), "x".repeat(maxDocumentBytes + 1));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("reads a source's file under seed/", async () => {
    expect(await readSourceText("sources/review.txt", seed)).toBe("The review's text.\n");
  });

  it("reads nothing outside seed/, by a relative path or through a link", async () => {
    expect(await readSourceText("../secret.txt", seed)).toBeNull();
    expect(await readSourceText(path.join(root, "secret.txt"), seed)).toBeNull();
    expect(await readSourceText("sources/link.txt", seed)).toBeNull();
  });

  it("answers null for no file, a missing file or a folder", async () => {
    expect(await readSourceText(null, seed)).toBeNull();
    expect(await readSourceText("sources/missing.txt", seed)).toBeNull();
    expect(await readSourceText("sources", seed)).toBeNull();
  });

  it("refuses a file over the bound, naming it", async () => {
    await expect(readSourceText("sources/huge.txt", seed)).rejects.toThrow(
      `The document sources/huge.txt is ${maxDocumentBytes + 1} bytes, more than the ${maxDocumentBytes} the API serves.`,
    );
  });
});
