import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, openSync, readFileSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import neo4j from "neo4j-driver";
import type { LocalNeo4jSettings, Neo4jJit } from "../config.ts";
import {
  configuredBoltPort,
  homeLayout,
  localPassword,
  makeHomePrivate,
  prepareHome,
  writeInitialPassword,
} from "./home.ts";
import { ensureJars, type JarFolders } from "./jars.ts";
import { checkJava, RuntimeError } from "./prerequisites.ts";

/** What a caller needs to talk to a running local server. */
export interface LocalNeo4jConnection {
  uri: string;
  username: string;
  password: string;
}

/** How to start (or adopt) a local server. */
export interface StartOptions {
  /** The password to use; by default the one kept in the home (generated on first start). */
  password?: string;
  /** Progress lines for a person watching (jar download, start-up). */
  log?: (line: string) => void;
  /** How long to wait for Bolt to answer. */
  timeoutMs?: number;
  /**
   * Stop the server when this Node process dies, even by SIGKILL (a small watchdog process does it).
   * `db:start` turns it off to leave a server running on purpose.
   */
  stopWithParent?: boolean;
  /** Record the classes the JVM loads into this class-data archive when it stops (see class-data.ts). */
  archiveClassesTo?: string;
}

/** How a server this object ran ended without being stopped by it, with what its logs said last. */
export interface Neo4jExit {
  pid: number;
  /** The exit code, when the JVM exited by itself (3: out of memory, see `-XX:+ExitOnOutOfMemoryError`). */
  code: number | null;
  /** The signal that ended it (SIGKILL: the kernel's OOM killer, or a person). */
  signal: NodeJS.Signals | null;
  /** The last lines of console.log (where the JVM's own fatal errors go) and neo4j.log. */
  logTail: string;
}

/**
 * A Neo4j 5.26 server (with APOC core and GDS) run from the jars the pom resolves, in a home folder of its
 * own. One JVM per home: the JVM is started detached, so Ctrl-C in a terminal reaches our process, which
 * stops the server in order after the HTTP server and the driver.
 */
export class LocalNeo4j {
  private current: LocalNeo4jSettings;
  private pid: number | undefined;
  /** False when the server was already running (started by `db:start`): we leave it running. */
  private owned = false;
  private readonly exitListeners = new Set<(exit: Neo4jExit) => void>();
  /** Ends the watch on the running JVM (see `watch`), so that a stop we asked for is not reported. */
  private unwatch: (() => void) | undefined;

  constructor(settings: LocalNeo4jSettings) {
    this.current = settings;
  }

  /** The settings in force: those given, except the Bolt port of a server adopted on another port. */
  get settings(): LocalNeo4jSettings {
    return this.current;
  }

  get uri(): string {
    return `bolt://127.0.0.1:${this.settings.boltPort}`;
  }

  /** Starts the server (or adopts the one already running for this home) and waits until Bolt answers. */
  async start(options: StartOptions = {}): Promise<LocalNeo4jConnection> {
    const log = options.log ?? (() => {});
    const layout = homeLayout(this.settings.home);
    const password = await localPassword(this.settings.home, options.password);
    const connection = { uri: this.uri, username: "neo4j", password };

    const running = runningPid(layout.pidFile, this.settings.home);
    if (running !== undefined) {
      // It listens where its own start put it, which need not be the port this process was configured with.
      const boltPort = await configuredBoltPort(this.settings.home);
      if (boltPort === undefined) {
        throw new RuntimeError(
          `Neo4j is running for ${this.settings.home} (pid ${running}), but its Bolt port cannot be read from ${path.join(layout.conf, "neo4j.conf")}: set NEO4J_BOLT_PORT to the port it listens on, or stop it with \`npm run db:stop\`.`,
        );
      }
      this.current = { ...this.settings, boltPort };
      const adopted = { ...connection, uri: this.uri };
      log(`Neo4j is already running for ${this.settings.home} on ${this.uri} (pid ${running}); using it.`);
      this.pid = running;
      this.owned = false;
      await makeHomePrivate(this.settings.home);
      await waitForBolt(adopted, options.timeoutMs ?? 120_000, () => isAlive(running), layout.logs);
      this.watch(running);
      return adopted;
    }

    checkJava();
    await assertPortFree(this.settings.boltPort);
    const jars = await ensureJars(this.settings.jars, log);
    await prepareHome(this.settings, jars);
    if (!existsSync(layout.authFile)) await writeInitialPassword(this.settings.home, password);
    await makeHomePrivate(this.settings.home);

    log(`Starting Neo4j on ${this.uri} (heap ${this.settings.heap}, page cache ${this.settings.pageCache})…`);
    const consoleLog = openSync(path.join(layout.logs, "console.log"), "a");
    const child = spawn("java", javaArguments(this.settings, jars, options), {
      detached: true,
      stdio: ["ignore", consoleLog, consoleLog],
      env: { ...process.env, NEO4J_HOME: this.settings.home, NEO4J_CONF: layout.conf },
    });
    if (child.pid === undefined) throw new RuntimeError("Java could not be started: check `java -version`.");
    this.pid = child.pid;
    this.owned = true;
    await writeFile(layout.pidFile, String(child.pid));
    if (options.stopWithParent ?? true) startWatchdog(child.pid, this.settings.home);
    else child.unref();

    let exitCode: number | null = null;
    child.on("exit", (code) => {
      exitCode = code ?? -1;
    });
    const started = Date.now();
    await waitForBolt(connection, options.timeoutMs ?? 120_000, () => exitCode === null, layout.logs);
    if (exitCode === null) this.watch(child.pid, child);
    log(`Neo4j is up after ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return connection;
  }

  /**
   * Calls `listener` when the running server dies without `stop()` being called: a crash, an out-of-memory
   * exit, a kill. Returns a function that removes the listener.
   */
  onUnexpectedExit(listener: (exit: Neo4jExit) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /**
   * Watches the JVM once it serves: through its exit event when this process started it (the exit code
   * and signal are known), else by checking every second that the pid is alive (the cause is unknown).
   */
  private watch(pid: number, child?: ChildProcess): void {
    this.unwatch?.();
    const report = (code: number | null, signal: NodeJS.Signals | null) => {
      this.unwatch?.();
      this.unwatch = undefined;
      if (this.pid === pid) this.pid = undefined;
      void logTail(homeLayout(this.settings.home).logs, 10).then((logTail) => {
        for (const listener of this.exitListeners) listener({ pid, code, signal, logTail });
      });
    };
    if (child) {
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => report(code, signal);
      child.once("exit", onExit);
      this.unwatch = () => child.off("exit", onExit);
    } else {
      const timer = setInterval(() => {
        if (!isAlive(pid)) report(null, null);
      }, 1_000).unref();
      this.unwatch = () => clearInterval(timer);
    }
  }

  /** The JVM's process id, while it runs. */
  get processId(): number | undefined {
    return this.pid;
  }

  /** Stops watching the server, then stops it if this object started it (or `force`), waiting for a clean shutdown. */
  async stop({ force = false, timeoutMs = 60_000 } = {}): Promise<void> {
    this.unwatch?.();
    this.unwatch = undefined;
    const pid = this.pid ?? runningPid(homeLayout(this.settings.home).pidFile, this.settings.home);
    if (pid === undefined || (!this.owned && !force)) return;
    await terminate(pid, timeoutMs);
    this.pid = undefined;
    await rm(homeLayout(this.settings.home).pidFile, { force: true });
  }

  /** Kills the JVM without a clean shutdown, as a crash would (for fault tests). */
  kill(): void {
    if (this.pid !== undefined && isAlive(this.pid)) process.kill(this.pid, "SIGKILL");
  }
}

/** The command line of a home's Neo4j JVM: its heap, class-data archive, JIT mode (`jitOptions`) and classpath. */
export function javaArguments(
  { home, heap, jit = "delayed-c2" }: LocalNeo4jSettings,
  jars: JarFolders,
  options: StartOptions,
): string[] {
  const conf = homeLayout(home).conf;
  // Class-data sharing: the classes of Neo4j, APOC and GDS mapped from an archive recorded once rather than
  // loaded and verified at every start (a third less CPU to start here). A JVM that finds the archive
  // unusable (another Java, other jars) says so in console.log and starts without it.
  const classData = options.archiveClassesTo
    ? [`-XX:ArchiveClassesAtExit=${options.archiveClassesTo}`]
    : existsSync(jars.classDataArchive)
      ? [`-XX:SharedArchiveFile=${jars.classDataArchive}`]
      : [];
  return [
    ...classData,
    `-Xms${heap}`,
    `-Xmx${heap}`,
    "-XX:+UseG1GC",
    "-XX:+ExitOnOutOfMemoryError",
    ...jitOptions[jit],
    // Neo4j's own launcher passes these on Java 17 (off-heap buffers, Netty).
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dfile.encoding=UTF-8",
    // Marks the process as this home's, so a later run can find it (and only it) by its command line.
    `-Dbtech.home=${home}`,
    // The same classpath for every home, as a class-data archive requires.
    "-cp",
    [path.join(jars.plugins, "*"), path.join(jars.lib, "*")].join(":"),
    "org.neo4j.server.CommunityEntryPoint",
    `--home-dir=${home}`,
    `--config-dir=${conf}`,
  ];
}

/**
 * The JVM options of each NEO4J_JIT mode. A server just started spends most of its CPU, on its first
 * statements, in the JIT: with the JVM's default thresholds the optimising compiler (C2) recompiles much of
 * Cypher's planner and runtime as soon as a few thousand calls have been made, on the two cores the
 * statements run on. Measured on 30 Nov 2026 on this machine (load 3–7), the bundled seed imported into an
 * empty graph just after `npm run db:start`: Neo4j spent 6.2–6.8 CPU-seconds on the import with the JVM's
 * thresholds, 4.4–5.2 with C2 ten times later, 3.4–3.6 with C1 only; and on nine more imports of it into the
 * emptied graph 21.8, 14.5 and 10.8 CPU-seconds (seed/README.md, Speed). `delayed-c2` keeps C2 for the code a
 * long run makes really hot (the API under load, big imports), ten times later than by default (every Tier4
 * threshold times ten); `c1-only` gives up C2's faster code for the least CPU.
 */
const jitOptions: Record<Neo4jJit, string[]> = {
  "delayed-c2": [
    "-XX:Tier4InvocationThreshold=50000",
    "-XX:Tier4MinInvocationThreshold=6000",
    "-XX:Tier4CompileThreshold=150000",
    "-XX:Tier4BackEdgeThreshold=400000",
  ],
  "c1-only": ["-XX:TieredStopAtLevel=1"],
  "jvm-default": [],
};

/** The pid in the home's pid file, if that process is alive and is this home's JVM. */
export function runningPid(pidFile: string, home: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  if (!Number.isInteger(pid) || !isAlive(pid)) return undefined;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return cmdline.includes(`-Dbtech.home=${home}\0`) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process with this id runs (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function terminate(pid: number, timeoutMs: number): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
  while (isAlive(pid)) await sleep(50);
}

/**
 * A detached shell that outlives us only to stop the JVM when this process dies without stopping it
 * (SIGKILL, a crashed test run). It checks the JVM's command line first, so a reused pid is never killed.
 */
function startWatchdog(jvmPid: number, home: string): void {
  const script = `
    while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done
    if kill -0 ${jvmPid} 2>/dev/null && tr '\\0' '\\n' < /proc/${jvmPid}/cmdline | grep -qxF -- "-Dbtech.home=$1"; then
      kill -TERM ${jvmPid}
      for i in $(seq 1 60); do kill -0 ${jvmPid} 2>/dev/null || exit 0; sleep 1; done
      kill -KILL ${jvmPid}
    fi`;
  const watchdog = spawn("sh", ["-c", script, "watchdog", home], { detached: true, stdio: "ignore" });
  watchdog.unref();
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

export async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new RuntimeError(
              `Port ${port} on 127.0.0.1 is already in use: stop what is listening there, or choose another port with NEO4J_BOLT_PORT.`,
            )
          : error,
      );
    });
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}

async function waitForBolt(
  connection: LocalNeo4jConnection,
  timeoutMs: number,
  stillRunning: () => boolean,
  logs: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const driver = neo4j.driver(connection.uri, neo4j.auth.basic(connection.username, connection.password), {
    connectionTimeout: 2_000,
    maxConnectionPoolSize: 1,
  });
  try {
    while (Date.now() < deadline) {
      if (!stillRunning()) {
        throw new RuntimeError(`Neo4j exited while starting. The end of its log:\n${await logTail(logs)}`);
      }
      try {
        await driver.verifyConnectivity();
        return;
      } catch (error) {
        const code = (error as { code?: string }).code ?? "";
        if (code.startsWith("Neo.ClientError.Security")) {
          throw new RuntimeError(
            `Neo4j refused the password for its home ${path.dirname(logs)}: that home was set up with another password. Use the original NEO4J_PASSWORD (or unset it to use the one kept in the home), or delete ${path.join(path.dirname(logs), "data")} to start an empty graph.`,
          );
        }
        await sleep(250);
      }
    }
    throw new RuntimeError(
      `Neo4j did not answer on ${connection.uri} within ${timeoutMs / 1000} s. The end of its log:\n${await logTail(logs)}`,
    );
  } finally {
    await driver.close();
  }
}

/**
 * The last lines of console.log (the JVM's stdout and stderr: an OutOfMemoryError or a crash report lands
 * there) and of neo4j.log, each under its name.
 */
async function logTail(logs: string, lines = 15): Promise<string> {
  const parts: string[] = [];
  for (const file of ["console.log", "neo4j.log"]) {
    const full = path.join(logs, file);
    const text = existsSync(full) ? await readFile(full, "utf8") : "";
    // The JVM writes stray control characters to its console; blank lines say nothing.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
    const meaningful = text.split("\n").filter((line) => line.replace(/[\x00-\x1f]/g, "").trim() !== "");
    if (meaningful.length > 0) {
      parts.push(`${path.join(path.basename(logs), file)}:\n${meaningful.slice(-lines).join("\n")}`);
    }
  }
  return parts.length > 0 ? parts.join("\n") : "(no log written)";
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
