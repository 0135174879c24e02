import { describe, expect, it } from "vitest";
import type { LocalNeo4jSettings } from "../config.ts";
import { javaArguments } from "./server.ts";

const settings: LocalNeo4jSettings = {
  boltPort: 7687,
  home: "/tmp/btech-home",
  jars: "/tmp/btech-jars",
  heap: "512m",
  pageCache: "256m",
};
const jars = {
  lib: "/tmp/btech-jars/lib",
  plugins: "/tmp/btech-jars/plugins",
  procedurePlugins: [],
  classDataArchive: "/tmp/btech-jars/none.jsa",
  adminClassDataArchive: "/tmp/btech-jars/none-admin.jsa",
};
const jitFlags = (args: string[]) => args.filter((arg) => /Tier|TieredStopAtLevel/.test(arg));

describe("javaArguments", () => {
  it("delays C2 by default: every Tier4 threshold ten times the JVM's", () => {
    expect(jitFlags(javaArguments(settings, jars, {}))).toEqual([
      "-XX:Tier4InvocationThreshold=50000",
      "-XX:Tier4MinInvocationThreshold=6000",
      "-XX:Tier4CompileThreshold=150000",
      "-XX:Tier4BackEdgeThreshold=400000",
    ]);
  });

  it("compiles with C1 only, or with the JVM's own thresholds, when NEO4J_JIT says so", () => {
    expect(jitFlags(javaArguments({ ...settings, jit: "c1-only" }, jars, {}))).toEqual([
      "-XX:TieredStopAtLevel=1",
    ]);
    expect(jitFlags(javaArguments({ ...settings, jit: "jvm-default" }, jars, {}))).toEqual([]);
  });

  it("puts the JVM options before the main class, where the JVM reads them", () => {
    const args = javaArguments({ ...settings, jit: "c1-only" }, jars, {});
    expect(args.indexOf("-XX:TieredStopAtLevel=1")).toBeLessThan(
      args.indexOf("org.neo4j.server.CommunityEntryPoint"),
    );
    expect(args).toContain("-Xmx512m");
  });
});
