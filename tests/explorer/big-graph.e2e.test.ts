// The explorer page on a graph of 100,000 entities (the benchmark's synthetic graph, made up), in Debian's
// headless Chromium at 1440×900: it opens search-first, is usable (a search finds a node, a click shows it
// with its evidence, "Expand neighbourhood" loads more), and never asks for the whole graph.
import { existsSync } from "node:fs";
import path from "node:path";
import type { Driver } from "neo4j-driver";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import { projectRoot } from "../../src/config.ts";
import { createDriver } from "../../src/database.ts";
import { ensureExplorerBuilt } from "../../src/explorer/build.ts";
import { chromiumPath, launchChromium, type TestBrowser } from "../helpers/chromium.ts";
import { serve } from "../helpers/http.ts";
import { bulkLoadedSyntheticGraph, type SyntheticGraphServer } from "../helpers/synthetic-import.ts";

const size = 100_000;

/** The page's GraphQL operations that stay bounded on any graph (counts, tallies, search, one entity). */
const boundedOperations = [
  "ExplorerSize",
  "ExplorerStartingPoints",
  "ExplorerSearch",
  "ExplorerEntityHistory",
];

describe(`the explorer page on a ${size.toLocaleString("en")}-entity graph`, { timeout: 180_000 }, () => {
  let neo4j: SyntheticGraphServer;
  let driver: Driver;
  let app: { url: string; close(): Promise<void> };
  let stopApp: () => Promise<void>;
  let browser: BrowserContext;
  let chrome: TestBrowser | undefined;
  const requests: { url: string; body: string }[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(chromiumPath)) {
      throw new Error(
        `Chromium is missing at ${chromiumPath}: the explorer's end-to-end tests need Debian's chromium (apt-get install chromium); .ci/run installs it.`,
      );
    }
    // A server of its own, small: the shared ones hold the seed for the other files. Loaded through the bulk
    // importer (neo4j-admin), which writes the graph the Cypher importer writes (tests/importer/bulk.int.test.ts)
    // for a fraction of the CPU: through Cypher transactions, the load was most of this file's time.
    neo4j = await bulkLoadedSyntheticGraph(inject("neo4jJars"), size, { heap: "768m", pageCache: "128m" });
    driver = createDriver(neo4j.connection);
    await ensureExplorerBuilt(() => {});
    const built = await createApp({ driver, database: neo4j.connection.database });
    app = await serve(built.express, built.checkContinue);
    stopApp = () => built.stop();
    chrome = await launchChromium({ viewport: { width: 1440, height: 900 } });
    browser = chrome.context;
    browser.on("request", (request) => requests.push({ url: request.url(), body: request.postData() ?? "" }));
  }, 1_200_000);

  afterAll(async () => {
    await chrome?.close();
    await app?.close();
    await stopApp?.();
    await driver?.close();
    await neo4j?.dispose();
  });

  async function openPage(query = ""): Promise<Page> {
    const page = await browser.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${app.url}/${query}`);
    await page.waitForSelector("body[data-state=ready]", { timeout: 90_000 });
    return page;
  }

  it("opens search-first: nothing drawn, a search box, the best-connected entities to start from", async () => {
    const page = await openPage();
    expect(await page.evaluate(() => window.explorer.searchFirst)).toBe(true);
    expect(await page.evaluate(() => window.explorer.cy.nodes().length)).toBe(0);
    expect(await page.isVisible("#start")).toBe(true);
    expect(await page.textContent("#start-size")).toContain("100,000 entities");
    // The starting points are the API's tallies: the theme discussed at most events comes first.
    const { records } = await driver.executeQuery(
      "MATCH (t:Theme)<-[:HAS_THEME]-(:Event) RETURN t.id AS id, count(*) AS events ORDER BY events DESC, id LIMIT 1",
    );
    await page.waitForSelector("#start-points button[data-go]", { timeout: 60_000 });
    expect(await page.getAttribute("#start-points section:first-child button[data-go]", "data-go")).toBe(
      records[0]?.get("id"),
    );
    await page.close();
  });

  it("finds a node by its name, shows it with its evidence, loads its neighbourhood and expands a neighbour", async () => {
    const company = "company:synthetic-17";
    const { records } = await driver.executeQuery(
      `MATCH (c:Company {id: $company})-[q:CITED_IN]->(:Source) RETURN c.name AS name, q.quote AS quote`,
      { company },
    );
    const name = String(records[0]?.get("name"));
    const page = await openPage();
    await page.fill("#start-text", name);
    await page.press("#start-text", "Enter");
    await page.waitForSelector(`#search-results button[data-go="${company}"]`, { timeout: 60_000 });
    await page.click(`#search-results button[data-go="${company}"]`);
    await page.waitForSelector(`#panel[data-node-id="${company}"]`, { timeout: 60_000 });
    expect(await page.textContent("#panel h2")).toBe(name);
    expect(await page.textContent("#panel")).toContain(String(records[0]?.get("quote")));
    expect(await page.isHidden("#start")).toBe(true);

    // What is drawn is the company and entities joined to it in Neo4j, at most the page's limit.
    const { records: around } = await driver.executeQuery(
      "MATCH (:Entity {id: $company})--(n:Entity) WHERE NOT n:Source RETURN collect(DISTINCT n.id) AS ids",
      { company },
    );
    const neighbours = new Set(around[0]?.get("ids") as string[]);
    const drawn = await page.evaluate(() => window.explorer.cy.nodes().map((node) => node.id()));
    expect(drawn).toContain(company);
    expect(drawn.length).toBeGreaterThan(1);
    expect(drawn.length).toBeLessThanOrEqual(60);
    for (const id of drawn) if (id !== company) expect(neighbours.has(id), id).toBe(true);

    // Expand a neighbour (the programme it is a member of): its own neighbours come in.
    const { records: programmes } = await driver.executeQuery(
      "MATCH (:Company {id: $company})-[:MEMBER_OF]->(p:Programme) RETURN p.id AS id ORDER BY id LIMIT 1",
      { company },
    );
    const programme = String(programmes[0]?.get("id"));
    await page.evaluate((id) => window.explorer.cy.getElementById(id).emit("tap"), programme);
    await page.waitForSelector(`#panel[data-node-id="${programme}"]`);
    await page.click("#panel button.expand");
    await page.waitForFunction((count) => window.explorer.cy.nodes().length > count, drawn.length, {
      timeout: 60_000,
    });
    const { records: programmeAround } = await driver.executeQuery(
      "MATCH (:Entity {id: $programme})--(n:Entity) WHERE NOT n:Source RETURN collect(DISTINCT n.id) AS ids",
      { programme },
    );
    const reachable = new Set([
      ...neighbours,
      ...((programmeAround[0]?.get("ids") as string[] | undefined) ?? []),
      company,
    ]);
    const expanded = await page.evaluate(() => window.explorer.cy.nodes().map((node) => node.id()));
    for (const id of expanded) expect(reachable.has(id), id).toBe(true);
    // The message on what was loaded stays in view beside the panel, not under it.
    await page.waitForFunction(() =>
      /nodes of its neighbourhood are drawn|nodes loaded of/.test(
        document.getElementById("notice")?.textContent ?? "",
      ),
    );
    const besidePanel = () =>
      page.evaluate(() => {
        const notice = document.getElementById("notice")?.getBoundingClientRect();
        const panel = document.getElementById("panel")?.getBoundingClientRect();
        if (!notice || !panel || document.getElementById("notice")?.hidden) return "the notice is hidden";
        return notice.right <= panel.left ? "beside" : `${notice.right} > ${panel.left}`;
      });
    await expect.poll(besidePanel, { timeout: 5_000 }).toBe("beside");

    if (process.env.UPDATE_SCREENSHOTS) {
      await page.waitForTimeout(400); // the end of an animated pan, for a still picture
      await page.screenshot({ path: path.join(projectRoot, "docs", "explorer-big.png") });
    }

    // The link keeps the view: a reload loads the same neighbourhoods again, and selects the programme.
    await page.reload();
    await page.waitForSelector(`#panel[data-node-id="${programme}"]`, { timeout: 90_000 });
    expect((await page.evaluate(() => window.explorer.cy.nodes().map((node) => node.id()))).sort()).toEqual(
      [...expanded].sort(),
    );
    await page.close();
  });

  it("never asks for the whole graph: every export names a selection, every GraphQL operation is bounded", () => {
    const data = requests.filter(({ url }) => /\/(export|graphql)\b/.test(new URL(url).pathname));
    expect(data.length).toBeGreaterThan(0);
    for (const { url, body } of data) {
      const { pathname, searchParams } = new URL(url);
      if (pathname.startsWith("/export")) {
        expect(searchParams.has("query") || searchParams.has("node"), url).toBe(true);
        expect(searchParams.get("depth") ?? "1", url).toBe("1");
      } else {
        const operation = /^\s*query\s+(\w+)/.exec(JSON.parse(body).query)?.[1];
        expect(boundedOperations, `${operation}`).toContain(operation);
      }
    }
    expect(pageErrors).toEqual([]);
  });
});
