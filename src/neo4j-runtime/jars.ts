import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { projectRoot } from "../config.ts";
import { checkMaven, RuntimeError } from "./prerequisites.ts";
import { procedureJars } from "./procedure-jars.ts";

/** The pom that pins Neo4j, APOC core and GDS: the only place their versions are written. */
export const pomPath = path.join(projectRoot, "neo4j", "pom.xml");

/** The folders a Neo4j home's classpath is made of. */
export interface JarFolders {
  lib: string;
  plugins: string;
  /** The plugin jars that declare procedures or functions: the only ones Neo4j needs to inspect at start. */
  procedurePlugins: string[];
  /** Where the JVM's class-data archive of these jars is kept (see class-data.ts); it may not exist yet. */
  classDataArchive: string;
  /** The same for neo4j-admin's import (see class-data.ts); it may not exist yet. */
  adminClassDataArchive: string;
}

type Progress = (line: string) => void;

/**
 * Makes sure the jars of the pom are in `jarsDir` (lib/ for Neo4j, plugins/ for APOC and GDS), downloading
 * them with Maven on the first run. A marker holds the pom's hash, so a changed pom fetches again.
 */
export async function ensureJars(jarsDir: string, progress: Progress = () => {}): Promise<JarFolders> {
  const folders = { lib: path.join(jarsDir, "lib"), plugins: path.join(jarsDir, "plugins") };
  const marker = path.join(jarsDir, "complete");
  const pomHash = createHash("sha256")
    .update(await readFile(pomPath))
    .digest("hex");
  const withProcedures = async (): Promise<JarFolders> => ({
    ...folders,
    procedurePlugins: await procedureJars(folders.plugins, path.join(jarsDir, "procedure-jars.json")),
    classDataArchive: path.join(jarsDir, "neo4j-classes.jsa"),
    adminClassDataArchive: path.join(jarsDir, "neo4j-admin-classes.jsa"),
  });
  if (existsSync(marker) && (await readFile(marker, "utf8")) === pomHash) return withProcedures();

  checkMaven();
  await rm(jarsDir, { recursive: true, force: true });
  await mkdir(jarsDir, { recursive: true });
  progress("Fetching Neo4j 5.26, APOC core and GDS from Maven Central (first run only)…");
  await copyDependencies("lib", folders.lib, progress);
  await copyDependencies("plugins", folders.plugins, progress);
  // The plugins' own dependency trees repeat some of Neo4j's jars; one copy on the classpath is enough.
  const libJars = new Set(await readdir(folders.lib));
  for (const jar of await readdir(folders.plugins)) {
    if (libJars.has(jar)) await rm(path.join(folders.plugins, jar));
  }
  await writeFile(marker, pomHash);
  progress(`Neo4j jars ready in ${path.relative(projectRoot, jarsDir) || jarsDir}.`);
  return withProcedures();
}

async function copyDependencies(profile: "lib" | "plugins", outputDirectory: string, progress: Progress) {
  const args = [
    "-B",
    "-f",
    pomPath,
    `-P${profile}`,
    "dependency:copy-dependencies",
    `-DoutputDirectory=${outputDirectory}`,
    "-DincludeScope=runtime",
  ];
  const maven = spawn("mvn", args, { stdio: ["ignore", "pipe", "pipe"] });
  let downloaded = 0;
  let bytes = 0;
  const tail: string[] = [];
  const onLine = (line: string) => {
    tail.push(line);
    if (tail.length > 30) tail.shift();
    const done = /Downloaded from \S+: \S+ \(([\d.]+) (kB|MB|B)/.exec(line);
    if (done) {
      downloaded += 1;
      const size = Number(done[1]);
      bytes += done[2] === "MB" ? size * 1e6 : done[2] === "kB" ? size * 1e3 : size;
      if (downloaded % 25 === 0) {
        progress(`  ${profile}: ${downloaded} files, ${(bytes / 1e6).toFixed(1)} MB downloaded…`);
      }
    }
  };
  let buffer = "";
  const collect = (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    lines.forEach(onLine);
  };
  maven.stdout.on("data", collect);
  maven.stderr.on("data", collect);
  const code = await new Promise<number | null>((resolve, reject) => {
    maven.on("error", reject);
    maven.on("close", resolve);
  });
  if (code !== 0) {
    throw new RuntimeError(
      `Maven could not fetch the ${profile} jars of neo4j/pom.xml (exit ${code}); check that Maven Central is reachable, then run again. Maven said:\n${tail.join("\n")}`,
    );
  }
  progress(`  ${profile}: done (${downloaded} files, ${(bytes / 1e6).toFixed(1)} MB downloaded).`);
}
