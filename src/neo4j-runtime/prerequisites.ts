import { spawnSync } from "node:child_process";

/** Something the machine lacks to run the local Neo4j; the message says what to install or set. */
export class RuntimeError extends Error {
  override name = "RuntimeError";
}

const ownNeo4jHint = "or set NEO4J_URI to use a Neo4j you run yourself (see README)";

/** The major version of the `java` on PATH; Neo4j 5.26 runs on Java 17 and 21. */
export function checkJava(): number {
  const result = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (result.error) {
    throw new RuntimeError(
      `Java was not found on PATH: install Java 17 or 21 (apt-get install openjdk-17-jre-headless), ${ownNeo4jHint}.`,
    );
  }
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  const major = match ? Number(match[1] === "1" ? match[2] : match[1]) : Number.NaN;
  if (!(major >= 17)) {
    throw new RuntimeError(
      `Neo4j 5.26 needs Java 17 or 21, but \`java -version\` reports ${match?.[0] ?? "an unknown version"}: install Java 17, ${ownNeo4jHint}.`,
    );
  }
  return major;
}

/** Maven is only needed on the first run, to fetch the jars. */
export function checkMaven(): void {
  const result = spawnSync("mvn", ["--version"], { encoding: "utf8" });
  if (result.error || result.status !== 0) {
    throw new RuntimeError(
      `Maven was not found on PATH and is needed once, to download Neo4j's jars: install it (apt-get install maven), ${ownNeo4jHint}.`,
    );
  }
}
