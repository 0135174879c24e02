import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { LocalNeo4jSettings } from "../config.ts";
import type { JarFolders } from "./jars.ts";

/** The folders of one Neo4j home. */
export function homeLayout(home: string) {
  return {
    conf: path.join(home, "conf"),
    data: path.join(home, "data"),
    logs: path.join(home, "logs"),
    run: path.join(home, "run"),
    import: path.join(home, "import"),
    /** Links to the plugin jars Neo4j inspects for procedures (see `procedureJars`). */
    plugins: path.join(home, "plugins"),
    authFile: path.join(home, "data", "dbms", "auth.ini"),
    passwordFile: path.join(home, "password"),
    pidFile: path.join(home, "run", "neo4j.pid"),
  };
}

/** A memory size as neo4j.conf writes it (512m, 1g) in mebibytes. */
function mebibytesOf(size: string): number {
  const value = Number.parseInt(size, 10);
  const unit = size.slice(-1).toLowerCase();
  return unit === "g" ? value * 1024 : unit === "k" ? value / 1024 : value;
}

/** `share` of a memory size, as a whole number of mebibytes neo4j.conf reads. */
const shareOf = (size: string, share: number) => `${Math.max(1, Math.floor(mebibytesOf(size) * share))}m`;

/**
 * The neo4j.conf of a local server: loopback only, auth on, memory set explicitly (the defaults take half
 * the machine), HTTP off (only Bolt is used), APOC and GDS allowed, no usage reports.
 */
export function renderNeo4jConf(settings: LocalNeo4jSettings): string {
  const lines = {
    "server.default_listen_address": "127.0.0.1",
    "server.default_advertised_address": "127.0.0.1",
    "server.bolt.listen_address": `127.0.0.1:${settings.boltPort}`,
    "server.bolt.advertised_address": `127.0.0.1:${settings.boltPort}`,
    "server.http.enabled": "false",
    "server.https.enabled": "false",
    "dbms.security.auth_enabled": "true",
    "dbms.security.procedures.unrestricted": "apoc.*,gds.*",
    "server.directories.plugins": homeLayout(settings.home).plugins,
    "server.memory.heap.initial_size": settings.heap,
    "server.memory.heap.max_size": settings.heap,
    "server.memory.pagecache.size": settings.pageCache,
    "dbms.usage_report.enabled": "false",
    // A backstop for runaway transactions; the API sets much shorter timeouts per request.
    "db.transaction.timeout": "15m",
    // No statement, nor all of them together, may take the heap: the transaction fails instead of the JVM
    // (which exits on OutOfMemoryError). GDS memory is not tracked here; src/analytics/memory.ts bounds it.
    "db.memory.transaction.total.max": shareOf(settings.heap, 0.6),
    "db.memory.transaction.max": shareOf(settings.heap, 0.3),
    // Neo4j's Bolt server waits out Netty's quiet period (5 s by default) on each of its two event-loop groups
    // when it stops, after the databases are checkpointed and closed: 10 s of every stop spent idle. Clients
    // are gone by then (the checkpoint comes after the connections are closed), so no quiet period is needed.
    "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
  };
  return `# Written by btech-graph at every start (src/neo4j-runtime/home.ts): edit that file, not this one.\n${Object.entries(
    lines,
  )
    .map(([key, value]) => `${key}=${value}`)
    .join("\n")}\n`;
}

/**
 * Creates the home's folders and writes its configuration; the data folder is kept as it is. The home's
 * plugins folder is made anew of links to the jars that declare procedures: every plugin jar is on the
 * classpath, but only these are inspected at start.
 */
export async function prepareHome(settings: LocalNeo4jSettings, jars: JarFolders): Promise<void> {
  const layout = homeLayout(settings.home);
  for (const dir of [layout.conf, layout.data, layout.logs, layout.run, layout.import]) {
    await mkdir(dir, { recursive: true });
  }
  await rm(layout.plugins, { recursive: true, force: true });
  await mkdir(layout.plugins);
  for (const jar of jars.procedurePlugins) await symlink(jar, path.join(layout.plugins, path.basename(jar)));
  await writeFile(path.join(layout.conf, "neo4j.conf"), renderNeo4jConf(settings));
}

/**
 * Makes the home readable by its owner only: the home and its data folder 0700 (Neo4j creates the store
 * files with the process umask, usually world-readable, so the folders are what keeps others out), the
 * password file and auth.ini 0600. Run at every start, so homes created by older versions are fixed too.
 */
export async function makeHomePrivate(home: string): Promise<void> {
  const layout = homeLayout(home);
  const modes: [string, number][] = [
    [home, 0o700],
    [layout.data, 0o700],
    [layout.passwordFile, 0o600],
    [layout.authFile, 0o600],
  ];
  for (const [target, mode] of modes) {
    await chmod(target, mode).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
  }
}

/**
 * The Bolt port a home's server was started with, from the neo4j.conf written at its start (a running
 * server's conf is never rewritten: only a new start writes it). Undefined when the conf is missing or
 * names no port.
 */
export async function configuredBoltPort(home: string): Promise<number | undefined> {
  const conf = await readFile(path.join(homeLayout(home).conf, "neo4j.conf"), "utf8").catch(() => "");
  const match = /^server\.bolt\.listen_address=.*:(\d+)\s*$/m.exec(conf);
  return match ? Number(match[1]) : undefined;
}

/**
 * The password of a local home: the one configured, else the one generated on the home's first start and
 * kept beside it (readable by its owner only), so nobody has to choose one to get started.
 */
export async function localPassword(home: string, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const file = homeLayout(home).passwordFile;
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  await mkdir(home, { recursive: true });
  const generated = randomBytes(18).toString("base64url");
  await writeFile(file, `${generated}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return generated;
}

/** The hash iterations `neo4j-admin dbms set-initial-password` uses (Neo4j 5's SecureHasher). */
const passwordHashIterations = 1024;

/**
 * The line of `data/dbms/auth.ini` that gives user `neo4j` this password, as `neo4j-admin dbms
 * set-initial-password` writes it: `SHA-256` of the salt then the password, hashed again until 1,024 rounds,
 * hex-encoded with the salt and the rounds. Neo4j reads the file when it creates its system database.
 */
export function initialPasswordLine(password: string, salt: Buffer = randomBytes(32)): string {
  let hash = createHash("sha256").update(salt).update(password, "utf8").digest();
  for (let round = 1; round < passwordHashIterations; round++)
    hash = createHash("sha256").update(hash).digest();
  return `neo4j:SHA-256,${hash.toString("hex")},${salt.toString("hex")},${passwordHashIterations}:\n`;
}

/**
 * Sets the password of a new home's `neo4j` user before its first start, by writing the auth.ini that
 * `neo4j-admin dbms set-initial-password` would: the same file without starting a JVM for it (about 2.5
 * CPU-seconds on a first run). Readable by its owner only.
 */
export async function writeInitialPassword(home: string, password: string): Promise<void> {
  const { authFile } = homeLayout(home);
  await mkdir(path.dirname(authFile), { recursive: true });
  await writeFile(authFile, initialPasswordLine(password), { mode: 0o600 });
  await chmod(authFile, 0o600);
}
