import { spawn } from "node:child_process";
import path from "node:path";
import { projectRoot } from "../../src/config.ts";
import { javaEnvironment } from "./java.ts";

/** How a command ended: its exit code (null if it was stopped), and what it wrote. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of the project's scripts as its npm script does (`node --import tsx <script>`), with only PATH,
 * HOME and `env` in its environment, and stops it with SIGTERM after `timeoutMs` (the result then has code
 * null). `until` stops it early once its output matches (a server that would otherwise run on).
 */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
  { timeoutMs = 60_000, until }: { timeoutMs?: number; until?: RegExp } = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, script), ...args], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...javaEnvironment(), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const stopIfDone = () => {
      if (until?.test(stdout + stderr)) child.kill("SIGTERM");
    };
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      stopIfDone();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      stopIfDone();
    });
    const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
