import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  configuredBoltPort,
  initialPasswordLine,
  localPassword,
  makeHomePrivate,
  renderNeo4jConf,
  writeInitialPassword,
} from "./home.ts";

const settings = { boltPort: 17687, home: "/h", jars: "/j", heap: "384m", pageCache: "64m" };

describe("renderNeo4jConf", () => {
  const conf = Object.fromEntries(
    renderNeo4jConf(settings)
      .split("\n")
      .filter((line) => line && !line.startsWith("#"))
      .map((line) => line.split("=") as [string, string]),
  );

  it("listens on loopback only, with auth on and HTTP off", () => {
    expect(conf["server.default_listen_address"]).toBe("127.0.0.1");
    expect(conf["server.bolt.listen_address"]).toBe("127.0.0.1:17687");
    expect(conf["dbms.security.auth_enabled"]).toBe("true");
    expect(conf["server.http.enabled"]).toBe("false");
  });

  it("sets heap and page cache explicitly", () => {
    expect(conf["server.memory.heap.initial_size"]).toBe("384m");
    expect(conf["server.memory.heap.max_size"]).toBe("384m");
    expect(conf["server.memory.pagecache.size"]).toBe("64m");
  });

  it("bounds the memory of transactions as shares of the heap, so no query can exhaust it", () => {
    expect(conf["db.memory.transaction.total.max"]).toBe("230m");
    expect(conf["db.memory.transaction.max"]).toBe("115m");
    const gigabyte = renderNeo4jConf({ ...settings, heap: "1g" });
    expect(gigabyte).toContain("db.memory.transaction.total.max=614m");
    expect(gigabyte).toContain("db.memory.transaction.max=307m");
  });

  it("loads the plugins from the home's own folder of procedure jars and lets APOC and GDS run", () => {
    expect(conf["server.directories.plugins"]).toBe("/h/plugins");
    expect(conf["dbms.security.procedures.unrestricted"]).toBe("apoc.*,gds.*");
  });
});

describe("localPassword", () => {
  const homes: string[] = [];
  afterAll(async () => {
    for (const home of homes) await rm(home, { recursive: true, force: true });
  });

  it("generates a password once, keeps it private, and returns the same one later", async () => {
    const home = await mkdtemp(path.join(tmpdir(), "btech-home-"));
    homes.push(home);
    const first = await localPassword(home, undefined);
    expect(first.length).toBeGreaterThanOrEqual(20);
    expect(await localPassword(home, undefined)).toBe(first);
    expect((await readFile(path.join(home, "password"), "utf8")).trim()).toBe(first);
    expect((await stat(path.join(home, "password"))).mode & 0o777).toBe(0o600);
  });

  it("prefers the configured password", async () => {
    expect(await localPassword("/nonexistent", "configured-pass")).toBe("configured-pass");
  });
});

describe("makeHomePrivate", () => {
  it("closes a world-readable home: folders 0700, the password file and auth.ini 0600", async () => {
    const home = await mkdtemp(path.join(tmpdir(), "btech-home-"));
    try {
      await mkdir(path.join(home, "data", "dbms"), { recursive: true, mode: 0o755 });
      await writeFile(path.join(home, "password"), "secret\n", { mode: 0o644 });
      await writeFile(path.join(home, "data", "dbms", "auth.ini"), "neo4j:SHA-256,…\n", { mode: 0o644 });
      await chmod(home, 0o755);
      await makeHomePrivate(home);
      const mode = async (file: string) => (await stat(path.join(home, file))).mode & 0o777;
      expect(await mode(".")).toBe(0o700);
      expect(await mode("data")).toBe(0o700);
      expect(await mode("password")).toBe(0o600);
      expect(await mode("data/dbms/auth.ini")).toBe(0o600);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it("accepts a home that has no data or password yet", async () => {
    const home = await mkdtemp(path.join(tmpdir(), "btech-home-"));
    try {
      // mkdtemp makes it 0700 already: opened up, the home shows whether makeHomePrivate closed it.
      await chmod(home, 0o755);
      await makeHomePrivate(home);
      expect((await stat(home)).mode & 0o777).toBe(0o700);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});

describe("configuredBoltPort", () => {
  it("reads the port a home's server was started on from its neo4j.conf", async () => {
    const home = await mkdtemp(path.join(tmpdir(), "btech-home-"));
    try {
      expect(await configuredBoltPort(home)).toBeUndefined();
      await mkdir(path.join(home, "conf"));
      await writeFile(path.join(home, "conf", "neo4j.conf"), renderNeo4jConf({ ...settings, home }));
      expect(await configuredBoltPort(home)).toBe(17687);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});

describe("writeInitialPassword", () => {
  it("writes the auth.ini line neo4j-admin writes for the same password and salt", async () => {
    const fixture = await readFile(
      path.join(import.meta.dirname, "../../tests/fixtures/neo4j-admin-initial-password.txt"),
      "utf8",
    );
    const field = (name: string) => new RegExp(`^${name}: (.+)$`, "m").exec(fixture)?.[1] ?? "";
    const written = field("auth.ini");
    const salt = Buffer.from(written.split(",")[2] ?? "", "hex");
    expect(salt.length).toBe(32);
    expect(initialPasswordLine(field("password"), salt)).toBe(`${written}\n`);
    expect(initialPasswordLine("another password", salt)).not.toBe(`${written}\n`);
  });

  it("salts every home anew and keeps the file private", async () => {
    const home = await mkdtemp(path.join(tmpdir(), "btech-home-"));
    try {
      await writeInitialPassword(home, "same password");
      const auth = path.join(home, "data", "dbms", "auth.ini");
      const first = await readFile(auth, "utf8");
      expect(first).toMatch(/^neo4j:SHA-256,[0-9a-f]{64},[0-9a-f]{64},1024:\n$/);
      expect((await stat(auth)).mode & 0o777).toBe(0o600);
      await writeInitialPassword(home, "same password");
      expect(await readFile(auth, "utf8")).not.toBe(first);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
