// GraphiQL in a real headless Chromium with every request outside the app refused: it must still load,
// and run a query against the seeded graph.
import { existsSync } from "node:fs";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumPath, launchChromium, type TestBrowser } from "../helpers/chromium.ts";
import { ensureSeeded } from "../helpers/graph.ts";
import { serveAppForSuite } from "../helpers/http.ts";

describe("GraphiQL offline, in Chromium", () => {
  const server = serveAppForSuite({
    before: async (driver) => {
      if (!existsSync(chromiumPath)) {
        throw new Error(
          `Chromium is missing at ${chromiumPath}: apt-get install chromium (.ci/run installs it).`,
        );
      }
      await ensureSeeded(driver);
    },
  });
  let browser: BrowserContext;
  let chrome: TestBrowser | undefined;

  // Registered after the fixture: opens once the app is served, and closes before it stops.
  beforeAll(async () => {
    chrome = await launchChromium({});
    browser = chrome.context;
  });
  afterAll(async () => {
    await chrome?.close();
  });

  it("loads with no internet and runs the default search", async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    // What the app's Content-Security-Policy blocks is reported on the console, not thrown.
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
    });
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(server.url) || url.startsWith("data:")) return route.continue();
      outside.push(url);
      return route.abort();
    });
    await page.goto(`${server.url}/graphql`);
    await page.waitForSelector(".graphiql-container .graphiql-execute-button", { timeout: 90_000 });
    await page.click(".graphiql-execute-button");
    await page.waitForFunction(
      () => document.querySelector(".result-window")?.textContent?.includes("company:telefonica"),
      undefined,
      { timeout: 60_000 },
    );
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
