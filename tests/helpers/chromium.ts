import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

/** Debian's Chromium, which the end-to-end tests drive (playwright-core never downloads a browser here). */
export const chromiumPath = "/usr/bin/chromium";

/** A headless Chromium of the end-to-end tests, and how to close it and remove its profile. */
export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Starts Debian's Chromium headless with a fresh profile (launchPersistentContext is playwright's way to pass
 * --user-data-dir), without the background traffic a first run of a browser makes.
 *
 * @example
 * const browser = await launchChromium({ viewport: { width: 1440, height: 900 } });
 * const page = await browser.context.newPage();
 * await browser.close();
 */
export async function launchChromium(
  options: { viewport?: { width: number; height: number }; acceptDownloads?: boolean } = {},
): Promise<TestBrowser> {
  const profile = await mkdtemp(path.join(tmpdir(), "btech-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    ...options,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
