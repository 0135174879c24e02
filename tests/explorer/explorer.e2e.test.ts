// The explorer page in a real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core),
// against the real app on the seeded graph.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config.ts";
import { ensureExplorerBuilt } from "../../src/explorer/build.ts";
import { ensureSeeded } from "../helpers/graph.ts";
import { postGraphQL, serveAppForSuite } from "../helpers/http.ts";
import { sharedNeo4j } from "../helpers/neo4j.ts";

const chromiumPath = "/usr/bin/chromium";

declare global {
  interface Window {
    explorer: { cy: import("cytoscape").Core; selected?: string };
  }
}

// Generous timeouts: the page loads the whole graph through the API, and CI shares 2 cores.
describe("the explorer page", { timeout: 120_000 }, () => {
  const server = serveAppForSuite({
    before: async (driver) => {
      if (!existsSync(chromiumPath)) {
        throw new Error(
          `Chromium is missing at ${chromiumPath}: the explorer's end-to-end tests need Debian's chromium (apt-get install chromium); .ci/run installs it.`,
        );
      }
      await driver.executeQuery("MATCH (n) DETACH DELETE n");
      await ensureSeeded(driver, sharedNeo4j().database);
      await ensureExplorerBuilt(() => {});
    },
  });
  const { driver } = server;
  let browser: BrowserContext;
  let profile: string;
  const pageErrors: string[] = [];

  async function openPage(): Promise<Page> {
    const page = await browser.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    // What the app's Content-Security-Policy blocks is reported on the console, not thrown.
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
    });
    await page.goto(server.url);
    await page.waitForSelector("body[data-state=ready]", { timeout: 90_000 });
    return page;
  }

  // Registered after the fixture: opens once the app is served, and closes before it stops.
  beforeAll(async () => {
    profile = await mkdtemp(path.join(tmpdir(), "btech-chromium-"));
    // A fresh profile per run (launchPersistentContext is playwright's way to pass --user-data-dir).
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      acceptDownloads: true,
      viewport: { width: 1400, height: 900 },
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
  });

  afterEach(() => {
    expect(pageErrors, "errors thrown in the page").toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it("renders the seeded graph: as many nodes as the API has entities", async () => {
    const { body } = await postGraphQL(
      server.url,
      "{ entitiesConnection { totalCount } sourcesConnection { totalCount } factsConnection { totalCount } }",
    );
    const entities = body.data.entitiesConnection.totalCount - body.data.sourcesConnection.totalCount;
    expect(entities).toBeGreaterThan(50);
    // Offline: every request the page makes goes to the app itself (no CDN, no font service).
    const requested: string[] = [];
    browser.on("request", (request) => requested.push(request.url()));
    const page = await openPage();
    expect(requested.filter((url) => !url.startsWith(server.url) && !/^(data|blob):/.test(url))).toEqual([]);
    expect(await page.evaluate(() => window.explorer.cy.nodes().length)).toBe(entities);
    expect(await page.evaluate(() => window.explorer.cy.edges().length)).toBe(
      body.data.factsConnection.totalCount,
    );
    expect(await page.getAttribute("#counts", "data-nodes")).toBe(String(entities));
    expect(await page.textContent("#counts")).toContain(`of ${entities} nodes`);
    // Drawn on a canvas, with a legend of the types and a timeline of the dated events.
    expect(await page.locator("#graph canvas").count()).toBeGreaterThan(0);
    expect(await page.locator("#types input[type=checkbox]").count()).toBeGreaterThanOrEqual(6);
    expect(await page.locator("#timeline button").count()).toBeGreaterThan(5);
    await page.close();
  });

  it('focuses ICRC when one searches "Red Cross"', async () => {
    const page = await openPage();
    await page.fill("#search-text", "Red Cross");
    await page.press("#search-text", "Enter");
    await page.waitForSelector('#panel[data-node-id="organization:icrc"]', { timeout: 20_000 });
    expect(await page.evaluate(() => window.explorer.selected)).toBe("organization:icrc");
    expect(await page.evaluate(() => window.explorer.cy.$(":selected").map((node) => node.id()))).toEqual([
      "organization:icrc",
    ]);
    expect(await page.textContent("#panel h2")).toBe("International Committee of the Red Cross");
    await page.close();
  });

  it("shows a session's themes, each with its source and quote, when one clicks the session", async () => {
    const session = "event:cop-2022-05-17";
    const { records } = await driver.executeQuery(
      `MATCH (:Event {id: $session})-[r:HAS_THEME]->(t:Theme)
       MATCH (:Fact {id: r.factId})-[c:CITED_IN]->(s:Source)
       RETURN t.id AS theme, t.name AS name, c.quote AS quote, s.title AS source`,
      { session },
    );
    expect(records.length).toBeGreaterThan(1);
    const page = await openPage();
    // Click the node where Cytoscape drew it, as a person would.
    await page.evaluate((id) => {
      const { cy } = window.explorer;
      cy.zoom(1.5);
      cy.center(cy.getElementById(id));
    }, session);
    const box = await page.locator("#graph").boundingBox();
    const at = await page.evaluate((id) => window.explorer.cy.getElementById(id).renderedPosition(), session);
    if (!box) throw new Error("the graph has no box");
    await page.mouse.click(box.x + at.x, box.y + at.y);
    await page.waitForSelector(`#panel[data-node-id="${session}"]`, { timeout: 10_000 });
    const themes = page.locator('#panel section[data-predicate="HAS_THEME"] li.fact');
    expect(await themes.count()).toBe(new Set(records.map((record) => record.get("theme"))).size);
    for (const record of records) {
      const item = page.locator(`#panel li.fact[data-other="${record.get("theme")}"]`);
      const text = await item.textContent();
      expect(text).toContain(record.get("name"));
      expect(text).toContain(record.get("quote"));
      expect(text).toContain(record.get("source"));
    }
    // The documentation's picture is renewed on request only (a test run must not change the tree).
    if (process.env.UPDATE_SCREENSHOTS) {
      await page.screenshot({ path: path.join(projectRoot, "docs", "explorer.png") });
    } else {
      expect((await page.screenshot()).subarray(1, 4).toString()).toBe("PNG");
    }
    await page.close();
  });

  it("downloads the current view as GEXF that parses into the same nodes and edges as the server's export", async () => {
    const page = await openPage();
    await page.selectOption("#download-format", "gexf");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    expect(download.suggestedFilename()).toBe("btech-graph-view.gexf");
    const file = await download.path();
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "",
      isArray: (name) => name === "node" || name === "edge",
    });
    const fromPage = parser.parse(await readFile(file, "utf8")).gexf.graph;
    const fromServer = parser.parse(await (await fetch(`${server.url}/export/gexf`)).text()).gexf.graph;
    const ids = (elements: { id: string }[]) => elements.map((element) => element.id).sort();
    expect(ids(fromPage.nodes.node)).toEqual(ids(fromServer.nodes.node));
    expect(ids(fromPage.edges.edge)).toEqual(ids(fromServer.edges.edge));
    expect(fromPage.nodes.node.length).toBe(await page.evaluate(() => window.explorer.cy.nodes().length));

    // Built from the API by the page or from Neo4j by the server, the same nodes, edges, properties, evidence.
    await page.selectOption("#download-format", "d3");
    const [whole] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    const pageD3 = JSON.parse(await readFile(await whole.path(), "utf8"));
    const serverD3 = await (await fetch(`${server.url}/export/d3`)).json();
    expect(pageD3.nodes).toEqual(serverD3.nodes);
    expect(pageD3.links).toEqual(serverD3.links);

    // A filtered view downloads only what it shows; PNG is an image.
    await page.selectOption("#theme-filter", "theme:remedy");
    const shown = Number(await page.getAttribute("#counts", "data-nodes"));
    expect(shown).toBeLessThan(fromPage.nodes.node.length);
    await page.selectOption("#download-format", "d3");
    const [d3] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    const view = JSON.parse(await readFile(await d3.path(), "utf8"));
    expect(view.nodes).toHaveLength(shown);
    expect(view.nodes.map((node: { id: string }) => node.id)).toContain("event:cop-2022-05-17");
    await page.selectOption("#download-format", "png");
    const [png] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    expect((await readFile(await png.path())).subarray(1, 4).toString()).toBe("PNG");
    await page.close();
  });

  it("filters by type and year, expands a neighbourhood, and picks events from the timeline", async () => {
    const page = await openPage();
    const all = Number(await page.getAttribute("#counts", "data-nodes"));
    await page.uncheck('#types input[value="Theme"]');
    const withoutThemes = Number(await page.getAttribute("#counts", "data-nodes"));
    expect(withoutThemes).toBeLessThan(all);
    expect(
      await page.evaluate(() => window.explorer.cy.nodes('[type = "Theme"]').not(".hidden").length),
    ).toBe(0);
    await page.check('#types input[value="Theme"]');
    await page.selectOption("#year-filter", "2022");
    expect(Number(await page.getAttribute("#counts", "data-nodes"))).toBeLessThanOrEqual(all);
    await page.click("#show-all");
    await page.locator('#timeline button[data-go="event:cop-2022-05-17"]').click();
    await page.waitForSelector('#panel[data-node-id="event:cop-2022-05-17"]');
    await page.click("#panel button.expand");
    const neighbourhood = Number(await page.getAttribute("#counts", "data-nodes"));
    const degree = await page.evaluate(
      () => window.explorer.cy.getElementById("event:cop-2022-05-17").neighborhood("node").length,
    );
    expect(neighbourhood).toBe(degree + 1);
    await page.close();
  });

  it("sizes nodes by PageRank and colours communities from the analytics API, and is keyboard-reachable", async () => {
    const page = await openPage();
    const degreeSizes = await page.evaluate(() =>
      window.explorer.cy.nodes().map((node) => node.data("size")),
    );
    await page.selectOption("#size-by", "pagerank");
    await page.waitForFunction(() => document.getElementById("notice")?.textContent === "Sized by pagerank.");
    const pageRankSizes = await page.evaluate(() =>
      window.explorer.cy.nodes().map((node) => node.data("size")),
    );
    expect(pageRankSizes).not.toEqual(degreeSizes);
    await page.check("#communities");
    await page.waitForSelector("#community-legend li");
    const legend = await page.locator("#community-legend li").count();
    const colours = await page.evaluate(
      () => new Set(window.explorer.cy.nodes().map((node) => node.data("colour"))).size,
    );
    expect(legend).toBeGreaterThan(1);
    expect(colours).toBeGreaterThan(1);
    // From the top of the page, the first Tab lands in the search box; Enter there searches.
    await page.click("h1"); // moves the keyboard's starting point to the top of the page
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("search-text");
    await page.keyboard.type("Red Cross");
    await page.keyboard.press("Enter");
    await page.waitForSelector('#panel[data-node-id="organization:icrc"]');
    await page.close();
  });

  it("says so when the API is down, and offers to retry", async () => {
    const page = await browser.newPage();
    await page.route("**/graphql", (route) => route.abort("connectionrefused"));
    await page.goto(server.url);
    await page.waitForSelector("body[data-state=error]", { timeout: 20_000 });
    expect(await page.textContent("#state")).toMatch(/API is not answering/);
    expect(await page.locator("#state button", { hasText: "Retry" }).count()).toBe(1);
    await page.close();
  });
});
