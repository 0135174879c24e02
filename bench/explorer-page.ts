// `node --import tsx bench/explorer-page.ts --url http://127.0.0.1:4000 --find NAME --id ID`: how long the
// explorer page takes, in Debian's headless Chromium at 1440×900, to be usable on a running app (the figures
// of docs/explorer.md, "Big graphs"): to its first state (search-first or drawn), from a search to the
// picked node's panel, and from "Expand neighbourhood" to the new nodes. Prints the times with the load
// average, since the machine is shared. Measures; asserts nothing.
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

const usage =
  "Usage: node --import tsx bench/explorer-page.ts --url URL --find TEXT --id ENTITY-ID [--expand ENTITY-ID] [--runs 3]";

async function main() {
  const { values } = parseArgs({
    options: {
      url: { type: "string" },
      find: { type: "string" },
      id: { type: "string" },
      expand: { type: "string" },
      runs: { type: "string", default: "3" },
    },
  });
  if (!values.url || !values.find || !values.id) throw new Error(usage);
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  try {
    for (let run = 1; run <= Number(values.runs); run++) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const since = (start: number) => Math.round(performance.now() - start);
      let start = performance.now();
      await page.goto(values.url);
      await page.waitForSelector("body[data-state=ready]", { timeout: 120_000 });
      const ready = since(start);
      start = performance.now();
      await page.fill("#search-text", values.find);
      await page.press("#search-text", "Enter");
      await page.waitForSelector(`#search-results button[data-go="${values.id}"]`, { timeout: 120_000 });
      await page.click(`#search-results button[data-go="${values.id}"]`);
      await page.waitForSelector(`#panel[data-node-id="${values.id}"]`, { timeout: 120_000 });
      const picked = since(start);
      const before = await page.evaluate(() => window.explorer.cy.nodes().length);
      const expandId = values.expand ?? values.id;
      await page.evaluate((id) => window.explorer.cy.getElementById(id).emit("tap"), expandId);
      await page.waitForSelector(`#panel[data-node-id="${expandId}"]`);
      start = performance.now();
      await page.click("#panel button.expand");
      await page
        .waitForFunction((count) => window.explorer.cy.nodes().length > count, before, { timeout: 120_000 })
        .catch(() => undefined);
      const expanded = since(start);
      const nodes = await page.evaluate(() => window.explorer.cy.nodes().length);
      console.log(
        JSON.stringify({
          run,
          readyMs: ready,
          searchToPanelMs: picked,
          expandMs: expanded,
          nodesBefore: before,
          nodesAfter: nodes,
          loadAverage: loadavg().map((load) => Number(load.toFixed(1))),
        }),
      );
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
