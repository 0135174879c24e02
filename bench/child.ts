import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { projectRoot } from "../src/config.ts";

/**
 * Runs a TypeScript entry point of the benchmark in a Node process of its own (as `npm run seed` and
 * `npm start` run) and returns the JSON it prints last on stdout. Its stderr lines are passed on as progress.
 */
export async function runChild<T>(
  script: string,
  args: string[],
  env: Record<string, string>,
  log: (line: string) => void,
  nodeOptions: string[] = [],
  timeoutMs = Number.POSITIVE_INFINITY,
): Promise<T> {
  const child = spawn(process.execPath, [...nodeOptions, "--import", "tsx", script, ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let last = "";
  createInterface({ input: child.stdout }).on("line", (line) => {
    if (line.trim()) last = line;
  });
  const errors: string[] = [];
  createInterface({ input: child.stderr }).on("line", (line) => {
    errors.push(line);
    if (errors.length > 40) errors.shift();
    log(`  ${line}`);
  });
  let timedOut = false;
  const timer = Number.isFinite(timeoutMs)
    ? setTimeout(() => {
        timedOut = true;
        child.kill("SIGKILL");
      }, timeoutMs)
    : undefined;
  const code = await new Promise<number>((resolve) => child.on("close", (exit) => resolve(exit ?? 1)));
  clearTimeout(timer);
  if (timedOut) {
    throw new Error(
      `stopped after ${Math.round(timeoutMs / 60_000)} min; last lines:\n${errors.slice(-3).join("\n")}`,
    );
  }
  if (code !== 0) {
    // The error's own sentence (e.g. Neo4j's) first: it is what the report shows.
    const cause = errors.find((line) => /^\w*Error: /.test(line.trim())) ?? `exit ${code}`;
    throw new Error(`${cause.trim()}\n${script} ${args.slice(0, 3).join(" ")} failed:\n${errors.join("\n")}`);
  }
  return JSON.parse(last) as T;
}
