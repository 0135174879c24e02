import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { procedureJars } from "./procedure-jars.ts";

/** A jar whose one class carries `text` in its constant pool, as a compiled class carries its annotations. */
function jarWithClass(text: string): Uint8Array {
  const classFile = Buffer.concat([Buffer.from([0xca, 0xfe, 0xba, 0xbe]), Buffer.from(text, "latin1")]);
  return zipSync({
    "org/example/Thing.class": classFile,
    "META-INF/MANIFEST.MF": Buffer.from("Manifest-Version: 1.0\n"),
  });
}

describe("procedureJars", () => {
  let plugins: string;
  beforeAll(async () => {
    plugins = await mkdtemp(path.join(tmpdir(), "btech-plugins-"));
    await writeFile(path.join(plugins, "procs.jar"), jarWithClass("Lorg/neo4j/procedure/Procedure;"));
    await writeFile(path.join(plugins, "functions.jar"), jarWithClass("Lorg/neo4j/procedure/UserFunction;"));
    await writeFile(path.join(plugins, "library.jar"), jarWithClass("Lorg/neo4j/procedure/Context;"));
  });
  afterAll(() => rm(plugins, { recursive: true, force: true }));

  it("keeps the jars that declare procedures or functions, and leaves their dependencies out", async () => {
    const cache = path.join(plugins, "found.json");
    expect(await procedureJars(plugins, cache)).toEqual([
      path.join(plugins, "functions.jar"),
      path.join(plugins, "procs.jar"),
    ]);
    expect(JSON.parse(await readFile(cache, "utf8"))).toEqual({ jars: ["functions.jar", "procs.jar"] });
  });

  it("reads the answer from its cache while the jars it names exist, and looks again when one is gone", async () => {
    const cache = path.join(plugins, "cached.json");
    await writeFile(cache, JSON.stringify({ jars: ["library.jar"] }));
    expect(await procedureJars(plugins, cache)).toEqual([path.join(plugins, "library.jar")]);
    await writeFile(cache, JSON.stringify({ jars: ["removed.jar"] }));
    expect(await procedureJars(plugins, cache)).toHaveLength(2);
  });
});
