/**
 * JAVA_TOOL_OPTIONS as this process has it (vitest.config.ts sets it for a test run), for the app and command
 * processes the tests start with a bare environment, so that the JVMs those start run like the tests' own.
 */
export function javaEnvironment(): Record<string, string> {
  const options = process.env.JAVA_TOOL_OPTIONS;
  return options === undefined ? {} : { JAVA_TOOL_OPTIONS: options };
}
