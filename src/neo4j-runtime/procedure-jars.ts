import { existsSync } from "node:fs";
import { readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { unzipSync } from "fflate";

/**
 * How a class file names the annotations Neo4j looks for when it loads plugins. A compiled class keeps the
 * descriptor of each runtime annotation it carries as text in its constant pool, so finding the text finds
 * the annotation.
 */
const procedureAnnotations = [
  "Lorg/neo4j/procedure/Procedure;",
  "Lorg/neo4j/procedure/UserFunction;",
  "Lorg/neo4j/procedure/UserAggregationFunction;",
].map((descriptor) => Buffer.from(descriptor, "latin1"));

/**
 * The jars of `pluginsDir` that declare procedures or functions (APOC core and GDS's `proc-*` modules: 13 of
 * 137). Neo4j loads and inspects every class of every jar in its plugins folder at start, which took about a
 * third of its start-up here; the other jars (the plugins' own dependencies) only need to be on the classpath.
 * Found once per jar folder and kept in `cacheFile`.
 */
export async function procedureJars(pluginsDir: string, cacheFile: string): Promise<string[]> {
  if (existsSync(cacheFile)) {
    const cached = JSON.parse(await readFile(cacheFile, "utf8")) as { jars: string[] };
    if (cached.jars.every((jar) => existsSync(path.join(pluginsDir, jar)))) {
      return cached.jars.map((jar) => path.join(pluginsDir, jar));
    }
  }
  const jars: string[] = [];
  for (const jar of (await readdir(pluginsDir)).filter((name) => name.endsWith(".jar")).sort()) {
    if (declaresProcedures(await readFile(path.join(pluginsDir, jar)))) jars.push(jar);
  }
  // Written whole, then renamed: two servers starting at once never read half a file.
  const partial = `${cacheFile}.${process.pid}.tmp`;
  await writeFile(partial, JSON.stringify({ jars }, null, 2));
  await rename(partial, cacheFile);
  return jars.map((jar) => path.join(pluginsDir, jar));
}

function declaresProcedures(jar: Uint8Array): boolean {
  const classes = unzipSync(jar, { filter: (entry) => entry.name.endsWith(".class") });
  return Object.values(classes).some((bytes) => {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return procedureAnnotations.some((descriptor) => text.includes(descriptor));
  });
}
