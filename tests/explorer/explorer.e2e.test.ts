// The explorer page in a real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core),
// against the real app on the seeded graph.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config.ts";
import { ensureExplorerBuilt } from "../../src/explorer/build.ts";
import { chromiumPath, launchChromium, type TestBrowser } from "../helpers/chromium.ts";
import { ensureSeeded } from "../helpers/graph.ts";
import { postGraphQL, serveAppForSuite } from "../helpers/http.ts";
import { sharedNeo4j } from "../helpers/neo4j.ts";

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
  let chrome: TestBrowser | undefined;
  const pageErrors: string[] = [];

  async function openPage(query = "", viewport = { width: 1440, height: 900 }): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewportSize(viewport);
    page.on("pageerror", (error) => pageErrors.push(error.message));
    // What the app's Content-Security-Policy blocks is reported on the console, not thrown.
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) pageErrors.push(message.text());
    });
    await page.goto(`${server.url}/${query}`);
    await page.waitForSelector("body[data-state=ready]", { timeout: 90_000 });
    return page;
  }

  // Registered after the fixture: opens once the app is served, and closes before it stops.
  beforeAll(async () => {
    chrome = await launchChromium({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    browser = chrome.context;
  });

  afterEach(() => {
    expect(pageErrors, "errors thrown in the page").toEqual([]);
  });

  afterAll(async () => {
    await chrome?.close();
  });

  it("renders the seeded graph: as many nodes as the API has entities", async () => {
    const { body } = await postGraphQL(
      server.url,
      "{ entitiesConnection { totalCount } sourcesConnection { totalCount } factsConnection { totalCount } }",
    );
    const entities = body.data.entitiesConnection.totalCount - body.data.sourcesConnection.totalCount;
    expect(entities).toBeGreaterThan(50);
    // The page learns the graph's size from the app's count, under the search-first threshold (5,000).
    const settings = await fetch(`${server.url}/explorer/settings.json`);
    expect(await settings.json()).toEqual({ entities, searchFirstAbove: 5_000 });
    // Offline: every request the page makes goes to the app itself (no CDN, no font service).
    const requested: string[] = [];
    browser.on("request", (request) => requested.push(request.url()));
    const page = await openPage();
    expect(requested.filter((url) => !url.startsWith(server.url) && !/^(data|blob):/.test(url))).toEqual([]);
    // What it draws comes in at most two requests (the graph's size, then the Cytoscape.js export).
    const dataRequests = requested.filter((url) => /\/(graphql|export|explorer\/settings)\b/.test(url));
    expect(dataRequests.length).toBeGreaterThan(0);
    expect(dataRequests.length).toBeLessThanOrEqual(2);
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

  it("shows a picked node with all its neighbours in view, at no more than a fit's zoom", async () => {
    // A link names the session: a pick, like a search hit, the timeline or a name in a panel.
    const session = "event:cop-2022-05-17";
    const page = await openPage(`?node=${session}`);
    await page.waitForSelector(`#panel[data-node-id="${session}"]`);
    await page.waitForFunction(() => !window.explorer.cy.animated());
    const { area, zoom, boxes } = await page.evaluate((id) => {
      const { cy } = window.explorer;
      return {
        area: window.explorer.freeArea(),
        zoom: cy.zoom(),
        boxes: cy
          .getElementById(id)
          .closedNeighborhood("node")
          .map((node) => ({ id: node.id(), ...node.renderedBoundingBox({ includeLabels: false }) })),
      };
    }, session);
    expect(boxes.length).toBeGreaterThan(15);
    const outside = boxes.filter(
      (box) => box.x1 < area.left || box.x2 > area.right || box.y1 < area.top || box.y2 > area.bottom,
    );
    expect(outside.map((box) => box.id)).toEqual([]);
    expect(zoom).toBeLessThanOrEqual(1.6);
    // A node of one neighbour is not blown up either.
    await page.fill("#search-text", "Red Cross");
    await page.press("#search-text", "Enter");
    await page.waitForSelector('#panel[data-node-id="organization:icrc"]');
    await page.waitForFunction(() => !window.explorer.cy.animated());
    expect(await page.evaluate(() => window.explorer.cy.zoom())).toBeLessThanOrEqual(1.6);
    await page.close();
  });

  it("shows every control of the sidebar at 1440×900, none cut off", async () => {
    const page = await openPage();
    const cut = await page.evaluate(() => {
      const sidebar = document.getElementById("controls")?.getBoundingClientRect();
      if (!sidebar) return ["no sidebar"];
      return [...document.querySelectorAll<HTMLElement>("#controls :is(input, select, button, summary)")]
        .map((control) => ({
          name: control.id || control.textContent?.trim(),
          box: control.getBoundingClientRect(),
        }))
        .filter(({ box }) => box.width > 0)
        .filter(
          ({ box }) =>
            box.top < sidebar.top ||
            box.bottom > Math.min(sidebar.bottom, window.innerHeight) ||
            box.left < sidebar.left ||
            box.right > sidebar.right,
        )
        .map(({ name }) => name);
    });
    expect(cut).toEqual([]);
    // The "As of" control among them, and the sections folded away open on a click.
    expect(await page.locator("#as-of").isVisible()).toBe(true);
    await page.click("summary:has-text('Download the view')");
    expect(await page.locator("#download-format").isVisible()).toBe(true);
    await page.close();
  });

  it("shows a session's themes, each with its source and quote, when one clicks the session", async () => {
    const session = "event:cop-2022-05-17";
    const { records } = await driver.executeQuery(
      `MATCH (:Event {id: $session})-[r:HAS_THEME]->(t:Theme)
       MATCH (:Fact {id: r.factId})-[c:CITED_IN]->(s:Source)
       RETURN t.id AS theme, t.name AS name, r.factId AS fact, c.quote AS quote, s.title AS source`,
      { session },
    );
    expect(records.length).toBeGreaterThan(1);
    const page = await openPage();
    // Click the node where Cytoscape drew it in the first view (the whole graph), as a person would.
    const box = await page.locator("#graph").boundingBox();
    if (!box) throw new Error("the graph has no box");
    const at = await page.evaluate((id) => window.explorer.cy.getElementById(id).renderedPosition(), session);
    await page.mouse.click(box.x + at.x, box.y + at.y);
    await page.waitForSelector(`#panel[data-node-id="${session}"]`, { timeout: 10_000 });
    // The panel covers the graph's right side: the view, which showed everything, is fitted to the rest,
    // every drawn label whole inside it (none under the panel, none cut at the left edge).
    const area = await page.evaluate(() => window.explorer.freeArea());
    const panel = await page.locator("#panel").boundingBox();
    if (!panel) throw new Error("the panel has no box");
    expect(area.right).toBeLessThanOrEqual(panel.x - box.x + 1);
    const outside = (await drawnLabels(page)).filter(({ visible, label, body }) =>
      [label, body].some(
        (part) =>
          (visible || part === body) &&
          (part.x1 < area.left || part.x2 > area.right || part.y1 < area.top || part.y2 > area.bottom),
      ),
    );
    expect(outside.map(({ id }) => id)).toEqual([]);
    // Clicks while the panel is open leave the view be.
    const view = await page.evaluate(() => ({
      zoom: window.explorer.cy.zoom(),
      pan: window.explorer.cy.pan(),
    }));
    const neighbour = "theme:remedy";
    const next = await page.evaluate(
      (id) => window.explorer.cy.getElementById(id).renderedPosition(),
      neighbour,
    );
    await page.mouse.click(box.x + next.x, box.y + next.y);
    await page.waitForSelector(`#panel[data-node-id="${neighbour}"]`, { timeout: 10_000 });
    expect(
      await page.evaluate(() => ({ zoom: window.explorer.cy.zoom(), pan: window.explorer.cy.pan() })),
    ).toEqual(view);
    const again = await page.evaluate(
      (id) => window.explorer.cy.getElementById(id).renderedPosition(),
      session,
    );
    await page.mouse.click(box.x + again.x, box.y + again.y);
    await page.waitForSelector(`#panel[data-node-id="${session}"]`, { timeout: 10_000 });
    const themes = page.locator('#panel section[data-predicate="HAS_THEME"] li.fact');
    expect(await themes.count()).toBe(new Set(records.map((record) => record.get("theme"))).size);
    for (const record of records) {
      const item = page.locator(`#panel li.fact[data-other="${record.get("theme")}"]`);
      expect(await item.textContent()).toContain(record.get("name"));
      // Each quote is shown once, with every fact it supports listed under it.
      const quote = page.locator("#panel li.citation", {
        has: page.locator(`li[data-fact-id="${record.get("fact")}"]`),
      });
      const text = await quote.textContent();
      expect(text).toContain(record.get("quote"));
      expect(text).toContain(record.get("source"));
    }
    const quotes = await page.locator("#panel li.citation > q").allTextContents();
    expect(new Set(quotes).size).toBe(quotes.length);
    // The pointer still rests on the session: its tooltip shows, beside the node and clear of its label.
    await page.waitForSelector("#tooltip:not([hidden])");
    const { tip, label, body } = await page.evaluate((id) => {
      const graph = document.getElementById("graph")?.getBoundingClientRect() ?? { left: 0, top: 0 };
      const shown = document.getElementById("tooltip")?.getBoundingClientRect();
      const node = window.explorer.cy.getElementById(id);
      return {
        tip: {
          x1: (shown?.left ?? 0) - graph.left,
          x2: (shown?.right ?? 0) - graph.left,
          y1: (shown?.top ?? 0) - graph.top,
          y2: (shown?.bottom ?? 0) - graph.top,
        },
        label: node.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true }),
        body: node.renderedBoundingBox({ includeLabels: false }),
      };
    }, session);
    expect(await page.textContent("#tooltip")).toContain("COP session of 17 May 2022");
    expect(overlap(tip, label), "the tooltip covers the selected node's label").toBe(false);
    expect(overlap(tip, body), "the tooltip covers the selected node").toBe(false);
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
    await page.click("summary:has-text('Download the view')");
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
    await page.click("summary:has-text('Look')");
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

  /**
   * The documentation's pictures (docs/explorer-*.png) are renewed on request only (UPDATE_SCREENSHOTS=1):
   * a test run must not change the tree. Otherwise the screenshot must at least be a PNG.
   */
  async function picture(page: Page, name: string) {
    if (process.env.UPDATE_SCREENSHOTS) {
      await page.waitForTimeout(400); // the end of an animated pan, for a still picture
      await page.screenshot({ path: path.join(projectRoot, "docs", `explorer-${name}.png`) });
    } else {
      expect((await page.screenshot()).subarray(1, 4).toString()).toBe("PNG");
    }
  }

  /** Every shown node's box on screen (no label), in the graph's own pixels. */
  async function nodeBoxes(page: Page) {
    return page.evaluate(() =>
      window.explorer.cy
        .nodes()
        .not(".hidden")
        .map((node) => ({ id: node.id(), ...node.renderedBoundingBox({ includeLabels: false }) })),
    );
  }

  /** Every shown node's label box and body box on screen, and whether Cytoscape draws its label now. */
  async function drawnLabels(page: Page) {
    // Labels are sorted out once per frame after a zoom or a selection: wait for the next two.
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    return page.evaluate(() => {
      const cy = window.explorer.cy;
      return cy
        .nodes()
        .not(".hidden")
        .map((node) => ({
          id: node.id(),
          // As Cytoscape decides (eleTextBiggerThanMin): the font at the zoom's texture level, a power of 2.
          visible:
            node.style("label") !== "" &&
            Number(node.style("text-opacity")) > 0 &&
            Number.parseFloat(node.style("font-size")) *
              2 ** Math.ceil(Math.log2(cy.zoom() * window.devicePixelRatio)) >=
              Number.parseFloat(node.style("min-zoomed-font-size")),
          // Drawn above the other nodes (z-index): its label may lie over a node drawn below it.
          above: Number(node.style("z-index")) > 0,
          label: node.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true }),
          body: node.renderedBoundingBox({ includeLabels: false }),
        }));
    });
  }

  /** Whether the message strip shows, and the drawn labels it covers (ids). */
  async function labelsUnderNotice(page: Page) {
    const labels = await drawnLabels(page);
    const strip = await page.evaluate(() => {
      const graph = document.getElementById("graph")?.getBoundingClientRect();
      const notice = document.getElementById("notice");
      const box = notice?.getBoundingClientRect();
      if (!graph || !notice || !box || notice.hidden) return undefined;
      return {
        x1: box.left - graph.left,
        x2: box.right - graph.left,
        y1: box.top - graph.top,
        y2: box.bottom - graph.top,
      };
    });
    return {
      shown: strip !== undefined,
      under: strip
        ? labels.filter((label) => label.visible && overlap(label.label, strip)).map(({ id }) => id)
        : [],
    };
  }

  /** A quote as the page shows it: the source's underline tags drawn, not written. */
  const withoutUnderlineTags = (quote: string) => quote.replace(/<\/?u>/g, "");

  type Box = { x1: number; x2: number; y1: number; y2: number };
  const overlap = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

  /** Pairs of drawn labels that overlap, and drawn labels over another node drawn at their level or above. */
  function labelOverlaps(labels: Awaited<ReturnType<typeof drawnLabels>>): string[] {
    const found: string[] = [];
    const visible = labels.filter((label) => label.visible);
    for (const [i, a] of visible.entries()) {
      for (const b of visible.slice(i + 1)) {
        if (overlap(a.label, b.label)) found.push(`label ${a.id} × label ${b.id}`);
      }
      for (const b of labels) {
        if (b.id !== a.id && (b.above || !a.above) && overlap(a.label, b.body)) {
          found.push(`label ${a.id} × node ${b.id}`);
        }
      }
    }
    return found;
  }

  it("lays the graph out without overlaps, the same at every load, with the labels of the 20 best-connected nodes readable", async () => {
    const page = await openPage();
    const boxes = await nodeBoxes(page);
    expect(boxes.length).toBeGreaterThan(50);
    const overlaps: string[] = [];
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) overlaps.push(`${a.id} × ${b.id}`);
      }
    }
    expect(overlaps).toEqual([]);
    // The fit accounts for every panel: every node lies inside the graph's box, below the message strip.
    const area = await page.evaluate(() => window.explorer.freeArea());
    for (const box of boxes) {
      expect(box.x1, box.id).toBeGreaterThanOrEqual(area.left);
      expect(box.x2, box.id).toBeLessThanOrEqual(area.right);
      expect(box.y1, box.id).toBeGreaterThanOrEqual(area.top);
      expect(box.y2, box.id).toBeLessThanOrEqual(area.bottom);
    }
    // The 20 best-connected nodes (by the API's facts) carry a label drawn at 11 px or more on screen.
    const { records } = await driver.executeQuery(
      `MATCH (f:Fact) UNWIND [f.subjectId, f.objectId] AS id
       RETURN id, count(*) AS degree ORDER BY degree DESC, id LIMIT 20`,
    );
    const best = records.map((record) => record.get("id") as string);
    const labels = await page.evaluate(
      (ids) =>
        ids.map((id) => {
          const node = window.explorer.cy.getElementById(id);
          return {
            id,
            label: node.style("label") as string,
            pixels: Number.parseFloat(node.style("font-size")) * window.explorer.cy.zoom(),
          };
        }),
      best,
    );
    for (const label of labels) {
      expect(label.label, label.id).not.toBe("");
      expect(label.pixels, label.id).toBeGreaterThanOrEqual(11);
    }
    // No label drawn overlaps another drawn label or another node: of two that would, the less important
    // one is not drawn; the 20 best-connected nodes' labels are all drawn.
    const drawn = await drawnLabels(page);
    expect(labelOverlaps(drawn)).toEqual([]);
    // Each drawn label's box, as Cytoscape keeps it, lies beside its own node, where its place puts it (its
    // background's pixel of padding may touch the node): a box left over from trying another place reached
    // the node's middle and cut the drawn label (the two "COP Q2 Session 2" looked crossed out).
    const depth = (a: Box, b: Box) =>
      Math.min(Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1), Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));
    expect(
      drawn.filter((label) => label.visible && depth(label.label, label.body) > 2).map((label) => label.id),
    ).toEqual([]);
    for (const id of best) expect(drawn.find((label) => label.id === id)?.visible, id).toBe(true);
    // Stable: a second load draws every node at the same place.
    const positions = await page.evaluate(() => window.explorer.cy.nodes().map((node) => node.position()));
    const again = await openPage();
    expect(await again.evaluate(() => window.explorer.cy.nodes().map((node) => node.position()))).toEqual(
      positions,
    );
    await picture(page, "overview");
    await page.close();
    await again.close();
  });

  it("lays out and zooms to what a filter leaves, and says where the eye is when a search finds nothing", async () => {
    const page = await openPage();
    const zoomBefore = await page.evaluate(() => window.explorer.cy.zoom());
    await page.selectOption("#theme-filter", "theme:remedy");
    const shown = Number(await page.getAttribute("#counts", "data-nodes"));
    expect(shown).toBeGreaterThan(3);
    const boxes = await nodeBoxes(page);
    expect(boxes).toHaveLength(shown);
    const area = await page.evaluate(() => window.explorer.freeArea());
    const spanX = Math.max(...boxes.map((box) => box.x2)) - Math.min(...boxes.map((box) => box.x1));
    const spanY = Math.max(...boxes.map((box) => box.y2)) - Math.min(...boxes.map((box) => box.y1));
    // Zoomed to the filtered nodes: they fill the free area in one direction at least, and are all inside it.
    expect(Math.max(spanX / (area.right - area.left), spanY / (area.bottom - area.top))).toBeGreaterThan(0.6);
    for (const box of boxes) expect(box.x1).toBeGreaterThanOrEqual(area.left);
    expect(await page.evaluate(() => window.explorer.cy.zoom())).toBeGreaterThan(zoomBefore);

    await page.fill("#search-text", "qqzzxx");
    await page.press("#search-text", "Enter");
    await page.waitForSelector("#notice:not([hidden])");
    await page.waitForFunction(() => document.getElementById("notice")?.textContent?.startsWith("No match"));
    expect(await page.textContent("#notice")).toContain("No match for “qqzzxx”");
    // Over the graph, in view: not below the sidebar.
    const notice = await page.locator("#notice").boundingBox();
    const stage = await page.locator("#stage").boundingBox();
    if (!notice || !stage) throw new Error("no notice or stage box");
    expect(notice.y).toBeGreaterThanOrEqual(stage.y);
    expect(notice.y + notice.height).toBeLessThan(stage.y + stage.height / 3);
    // A part of a name, which the full-text index does not match, is found among the names.
    await page.fill("#search-text", "Telef");
    await page.press("#search-text", "Enter");
    await page.waitForSelector('#panel[data-node-id="company:telefonica"]');
    await page.close();
  });

  it("shows an edge's evidence on a click, with a legend of relationships, words for codes, and Esc to close", async () => {
    const page = await openPage();
    // An edge between two nodes of few links, so that nothing else is drawn at its middle.
    const edgeId = await page.evaluate(() => {
      const { cy } = window.explorer;
      const edge = cy
        .edges()
        .filter((candidate) => candidate.source().degree(false) <= 2 && candidate.target().degree(false) <= 3)
        .sort((a, b) => (a.id() < b.id() ? -1 : 1))
        .first();
      cy.zoom(2);
      cy.center(edge);
      return edge.id();
    });
    const at = await page.evaluate((id) => window.explorer.cy.getElementById(id).renderedMidpoint(), edgeId);
    const box = await page.locator("#graph").boundingBox();
    if (!box) throw new Error("the graph has no box");
    await page.mouse.move(box.x + at.x, box.y + at.y);
    await page.waitForSelector("#tooltip:not([hidden])");
    await page.mouse.click(box.x + at.x, box.y + at.y);
    await page.waitForSelector(`#panel[data-edge-id="${edgeId}"]`);
    const { records } = await driver.executeQuery(
      "MATCH (:Fact {id: $id})-[c:CITED_IN]->(s:Source) RETURN c.quote AS quote, s.title AS title",
      { id: edgeId },
    );
    expect(records.length).toBeGreaterThan(0);
    const quotes = await page.locator("#panel li.citation > q").allTextContents();
    expect(quotes.sort()).toEqual(
      [...new Set(records.map((record) => record.get("quote") as string))].sort(),
    );
    expect(await page.textContent("#panel")).toContain(records[0]?.get("title"));
    // The legend names each relationship type in words, in the colour its edges are drawn in.
    const legend = await page.locator("#edge-legend li").allTextContents();
    expect(legend).toContain("took part in");
    expect(legend).toContain("had the theme");
    // Folded under its title, it opens on a click (open in the documentation's picture).
    expect(await page.locator("#edge-legend").isVisible()).toBe(false);
    await page.click("summary:has-text('Relationships (legend)')");
    expect(await page.locator("#edge-legend").isVisible()).toBe(true);
    await picture(page, "edge");
    await page.keyboard.press("Escape");
    await page.waitForSelector("#panel", { state: "hidden" });
    // Codes read as words; the source's flags as notes on the source.
    await page.goto(`${server.url}/?node=event:cop-2022-05-17`);
    await page.waitForSelector('#panel[data-node-id="event:cop-2022-05-17"]');
    const panel = (await page.textContent("#panel")) ?? "";
    expect(panel).not.toMatch(/\b(SESSION|HELD|VIRTUAL|HAS_THEME|PARTICIPATED_IN|STATED|INFERRED)\b/);
    expect(panel).toContain("had the theme");
    expect(await page.locator("#panel .notes h3").textContent()).toBe("Notes on the source");
    await page.close();
  });

  it("keeps the selection, the filters and the view in the URL: reload and Back restore them", async () => {
    const page = await openPage();
    await page.fill("#search-text", "Red Cross");
    await page.press("#search-text", "Enter");
    await page.waitForSelector('#panel[data-node-id="organization:icrc"]');
    expect(new URL(page.url()).searchParams.get("node")).toBe("organization:icrc");
    await page.uncheck('#types input[value="Practice"]');
    await page.selectOption("#year-filter", "2022");
    const shown = await page.getAttribute("#counts", "data-nodes");
    const url = new URL(page.url());
    expect(url.searchParams.get("hide")).toBe("Practice");
    expect(url.searchParams.get("year")).toBe("2022");
    await page.reload();
    await page.waitForSelector("body[data-state=ready]");
    expect(await page.getAttribute("#counts", "data-nodes")).toBe(shown);
    expect(await page.isChecked('#types input[value="Practice"]')).toBe(false);
    expect(await page.inputValue("#year-filter")).toBe("2022");
    // Back undoes the year, then the type, one step each.
    await page.goBack();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has("year"));
    expect(await page.inputValue("#year-filter")).toBe("");
    expect(await page.isChecked('#types input[value="Practice"]')).toBe(false);
    await page.goBack();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has("hide"));
    expect(await page.isChecked('#types input[value="Practice"]')).toBe(true);
    await page.waitForSelector('#panel[data-node-id="organization:icrc"]');
    // An edge and the matrix view are links too.
    const edge = "fact:has_theme:event:cop-2022-05-17:theme:remedy";
    await page.goto(`${server.url}/?edge=${edge}`);
    await page.waitForSelector(`#panel[data-edge-id="${edge}"]`);
    expect(await page.evaluate(() => window.explorer.selectedEdge)).toBe(edge);
    await page.close();
  });

  it("on a 390×844 phone: the graph gets the width, the panel is a sheet, nothing scrolls sideways or overlaps", async () => {
    const page = await openPage("", { width: 390, height: 844 });
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      graph: document.getElementById("graph")?.getBoundingClientRect().width ?? 0,
    }));
    expect(widths.page).toBeLessThanOrEqual(390);
    expect(widths.graph).toBeGreaterThanOrEqual(0.9 * 390);
    // The controls slide over the graph, and back.
    await page.click("#toggle-controls");
    await page.waitForFunction(() => document.getElementById("controls")?.getBoundingClientRect().left === 0);
    await page.keyboard.press("Escape");
    await page.fill("#search-text", "Red Cross");
    await page.press("#search-text", "Enter");
    await page.waitForSelector('#panel[data-node-id="organization:icrc"]');
    const sheet = await page.locator("#panel").boundingBox();
    if (!sheet) throw new Error("no panel box");
    expect(sheet.width).toBeGreaterThanOrEqual(380);
    expect(sheet.height).toBeLessThan(844 * 0.6);
    expect(await page.evaluate(() => document.getElementById("graph")?.getBoundingClientRect().width)).toBe(
      widths.graph,
    );
    // The selected node is in the part of the graph the sheet leaves free.
    const area = await page.evaluate(() => window.explorer.freeArea());
    await page.waitForFunction(() => !window.explorer.cy.animated());
    const node = await page.evaluate(() =>
      window.explorer.cy.getElementById("organization:icrc").renderedBoundingBox({ includeLabels: false }),
    );
    expect(node.y2).toBeLessThanOrEqual(area.bottom);
    expect(node.y1).toBeGreaterThanOrEqual(area.top);
    // The search's message ("1 match…") stays shown, and hides no label drawn.
    expect(await page.textContent("#notice")).toContain("1 match");
    await expect.poll(() => labelsUnderNotice(page), { timeout: 5_000 }).toEqual({ shown: true, under: [] });
    await picture(page, "phone");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // No two controls of the bar or the zoom tools overlap.
    const rects = await page.evaluate(() =>
      [...document.querySelectorAll(".bar > *, .bar form > *, .views button, .zoom-tools button")]
        .map((element) => element.getBoundingClientRect())
        .filter((rect) => rect.width > 1 && rect.height > 1)
        .map((rect) => ({ x1: rect.left, y1: rect.top, x2: rect.right, y2: rect.bottom })),
    );
    const overlapping = rects.filter((a, i) =>
      rects.some(
        (b, j) =>
          i !== j &&
          !(a.x1 <= b.x1 && a.x2 >= b.x2 && a.y1 <= b.y1 && a.y2 >= b.y2) &&
          !(b.x1 <= a.x1 && b.x2 >= a.x2 && b.y1 <= a.y1 && b.y2 >= a.y2) &&
          a.x1 < b.x2 - 0.5 &&
          b.x1 < a.x2 - 0.5 &&
          a.y1 < b.y2 - 0.5 &&
          b.y1 < a.y2 - 0.5,
      ),
    );
    expect(overlapping).toEqual([]);
    await page.close();
  });

  it("answers the core question as a matrix whose cells equal the API's expertThemes, stated and inferred apart", async () => {
    const { body } = await postGraphQL(
      server.url,
      "{ expertThemes { expert { id } theme { id } via { participation { basis } themeOfEvent { basis } } } }",
    );
    const links = body.data.expertThemes as {
      expert: { id: string };
      theme: { id: string };
      via: { participation: { basis: string }; themeOfEvent: { basis: string } }[];
    }[];
    expect(links.length).toBeGreaterThan(0);
    const page = await openPage("?view=matrix");
    await page.waitForSelector('table.matrix[data-kind="expert/theme"]');
    const cells = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>("table.matrix td[data-total]")]
        .filter((cell) => cell.dataset.total !== "0")
        .map((cell) => ({
          key: `${cell.dataset.row} ${cell.dataset.col}`,
          total: Number(cell.dataset.total),
          stated: Number(cell.dataset.stated),
          inferred: Number(cell.dataset.inferred),
        }))
        .sort((a, b) => (a.key < b.key ? -1 : 1)),
    );
    const expected = links
      .map((link) => {
        const stated = link.via.filter(
          (step) => step.participation.basis === "STATED" && step.themeOfEvent.basis === "STATED",
        ).length;
        return {
          key: `${link.expert.id} ${link.theme.id}`,
          total: link.via.length,
          stated,
          inferred: link.via.length - stated,
        };
      })
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    expect(cells).toEqual(expected);
    // A click on a cell lists its paths and the evidence of every step.
    const first = expected[0];
    if (!first) throw new Error("no link");
    const [expert, theme] = first.key.split(" ");
    await page.click(`td[data-row="${expert}"][data-col="${theme}"] button`);
    await page.waitForSelector(`#panel[data-cell="${expert}|${theme}"]`);
    expect(await page.locator("#panel li.path").count()).toBe(first.total);
    expect(await page.locator("#panel li.citation").count()).toBeGreaterThan(0);
    await picture(page, "matrix");
    // The other matrices, and the view in the URL.
    await page.selectOption("#matrix-kind", "company/session");
    await page.waitForSelector('table.matrix[data-kind="company/session"]');
    expect(new URL(page.url()).searchParams.get("rows")).toBe("company");
    await page.reload();
    await page.waitForSelector('table.matrix[data-kind="company/session"]');
    expect(await page.locator("table.matrix td[data-total='1']").count()).toBeGreaterThan(10);
    await page.close();
  });

  it("shows the 2022 review with every quote the graph cites from it marked, and jumps there from the evidence", async () => {
    const source = "source:btech-cop-2022-year-end-review";
    const { records } = await driver.executeQuery(
      "MATCH ()-[c:CITED_IN]->(:Source {id: $source}) RETURN DISTINCT c.quote AS quote",
      { source },
    );
    // The source keeps the document's underlines as <u>…</u>, and quotes copy them: the page draws them.
    const quotes = records.map((record) =>
      withoutUnderlineTags(record.get("quote") as string)
        .replace(/\s+/g, " ")
        .trim(),
    );
    expect(quotes.length).toBeGreaterThan(50);
    const page = await openPage(`?view=source&source=${source}`);
    await page.waitForSelector("#reader[data-ready=true]");
    expect(await page.textContent("#reader h2")).toBe(
      "B-Tech Company Community of Practice 2022 Year-End Review",
    );
    const text = (await page.textContent("#reader article")) ?? "";
    expect(text).toContain("B-Tech foundational papers");
    expect(text).not.toMatch(/<\/?u>/);
    expect(await page.locator("#reader article u").allTextContents()).toEqual(
      expect.arrayContaining(["foundational papers", "dialogue", "high-profile letter"]),
    );
    // The text of the marks of each quote, joined: every cited quote is in the marks of one of them.
    const marked = await page.evaluate(() => {
      const byKey = new Map<string, string>();
      for (const mark of document.querySelectorAll<HTMLElement>("#reader mark[data-quotes]")) {
        for (const key of (mark.dataset.quotes ?? "").split(" ")) {
          byKey.set(key, `${byKey.get(key) ?? ""}${mark.textContent}`);
        }
      }
      return [...byKey.values()].map((text) => text.replace(/\s+/g, " ").trim());
    });
    const unmarked = quotes.filter((quote) => !marked.some((text) => text.includes(quote)));
    expect(unmarked).toEqual([]);
    expect(marked.length).toBe(quotes.length);
    // A click on a mark shows what the quote supports.
    await page.locator("#reader mark").first().click();
    await page.waitForSelector("#panel:not([hidden]) li.citation ul.supports li");
    await picture(page, "reader");
    // "show in the document" on a piece of evidence opens the reader at that quote, lit.
    await page.goto(`${server.url}/?node=company:telefonica`);
    await page.waitForSelector('#panel[data-node-id="company:telefonica"]');
    const button = page.locator("#panel button[data-show-source]").first();
    const quote = withoutUnderlineTags((await button.getAttribute("data-show-quote")) ?? "").replace(
      /\s+/g,
      " ",
    );
    await button.click();
    await page.waitForSelector("#reader[data-ready=true] mark.lit");
    const lit = await page.evaluate(() =>
      [...document.querySelectorAll("#reader mark.lit")].map((mark) => mark.textContent).join(""),
    );
    expect(lit.replace(/\s+/g, " ")).toContain(quote);
    expect(new URL(page.url()).searchParams.get("view")).toBe("source");
    await page.goBack();
    await page.waitForSelector('#panel[data-node-id="company:telefonica"]');
    await page.close();
  });

  it("draws a timeline of years: days as points, periods as bars over their extent, faded when filtered out", async () => {
    const { records } = await driver.executeQuery(
      "MATCH (e:Event) RETURN count(e.date) AS days, count(CASE WHEN e.date IS NULL AND e.startDate IS NOT NULL THEN 1 END) AS periods",
    );
    const page = await openPage();
    expect(await page.locator("#timeline .event.day").count()).toBe(Number(records[0]?.get("days")));
    expect(await page.locator("#timeline .event.period").count()).toBe(Number(records[0]?.get("periods")));
    expect(await page.locator("#timeline .tick.year").allTextContents()).toEqual(["2021", "2022", "2023"]);
    const width = async (id: string) =>
      (await page.locator(`#timeline li:has(button[data-go="${id}"])`).boundingBox())?.width ?? 0;
    // A half-year (2022-H2) is drawn half as long as a year (2022), to a few per cent.
    const half = await width("event:b-tech-team-member-departure");
    const year = await width("event:b-tech-limited-resources-2022");
    expect(half / year).toBeGreaterThan(0.47);
    expect(half / year).toBeLessThan(0.53);
    const x = async (id: string) =>
      (await page.locator(`#timeline button[data-go="${id}"]`).boundingBox())?.x ?? 0;
    expect(await x("event:cop-2022-02-28")).toBeLessThan(await x("event:cop-2022-03-14"));
    // No label, point or bar of one event overlaps those of another (lanes packed by the labels' width);
    // a label cut short keeps its whole text in the button's title.
    const items = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>("#timeline li")].map((li) => {
        const box = (selector: string) => {
          const { left, right, top, bottom } = (
            li.querySelector(selector) as HTMLElement
          ).getBoundingClientRect();
          return { x1: left, x2: right, y1: top, y2: bottom };
        };
        const text = li.querySelector<HTMLElement>(".text") as HTMLElement;
        return {
          id: li.querySelector("button")?.dataset.go ?? "",
          text: box(".text"),
          mark: box(".mark"),
          cut: text.scrollWidth > text.clientWidth,
          title: li.querySelector("button")?.title ?? "",
        };
      }),
    );
    expect(items.length).toBeGreaterThan(5);
    const clashes: string[] = [];
    for (const [i, a] of items.entries()) {
      for (const b of items.slice(i + 1)) {
        for (const [partA, boxA] of [
          ["label", a.text],
          ["mark", a.mark],
        ] as const) {
          for (const [partB, boxB] of [
            ["label", b.text],
            ["mark", b.mark],
          ] as const) {
            if (overlap(boxA, boxB)) clashes.push(`${partA} of ${a.id} × ${partB} of ${b.id}`);
          }
        }
      }
    }
    expect(clashes).toEqual([]);
    for (const item of items.filter((one) => one.cut)) expect(item.title.length, item.id).toBeGreaterThan(10);
    // The theme filter fades the events it hides, also after a neighbourhood is expanded.
    await page.selectOption("#theme-filter", "theme:remedy");
    await page.locator('#timeline button[data-go="event:cop-2022-05-17"]').click();
    await page.waitForSelector('#panel[data-node-id="event:cop-2022-05-17"]');
    await page.click("#panel button.expand");
    const shownEvents = await page.evaluate(
      () => window.explorer.cy.nodes('[type = "Event"]').not(".hidden").length,
    );
    expect(await page.locator("#timeline .event:not(.outside)").count()).toBe(shownEvents);
    expect(await page.locator("#timeline .event.outside").count()).toBeGreaterThan(0);

    // A range of days: the events overlapping May 2022, as Neo4j dates them, and nothing else of type Event.
    await page.click("#show-all");
    await page.fill("#from-filter", "2022-05-01");
    await page.fill("#to-filter", "2022-05-31");
    await page.locator("#to-filter").dispatchEvent("change");
    const { records: may } = await driver.executeQuery(
      `MATCH (e:Event) WHERE coalesce(e.date, e.startDate) <= date('2022-05-31')
         AND coalesce(e.date, e.endDate, e.startDate) >= date('2022-05-01') RETURN e.id AS id ORDER BY id`,
    );
    await page.waitForFunction(() => new URL(location.href).searchParams.get("to") === "2022-05-31");
    // Those events and what is joined to them, as the year filter does: other events only as their neighbours.
    const inMay = may.map((record) => record.get("id") as string);
    const mayEvents = await page.evaluate((ids) => {
      const { cy } = window.explorer;
      return cy
        .nodes('[type = "Event"]')
        .not(".hidden")
        .map((node) => ({
          id: node.id(),
          joinedToMay: node
            .neighborhood("node")
            .toArray()
            .some((next) => ids.includes(next.id())),
        }));
    }, inMay);
    for (const id of inMay) expect(mayEvents.map((event) => event.id)).toContain(id);
    for (const event of mayEvents) expect(inMay.includes(event.id) || event.joinedToMay, event.id).toBe(true);
    expect(await page.getAttribute("#counts", "data-nodes")).not.toBe(
      String(await page.evaluate(() => window.explorer.cy.nodes().length)),
    );
    // Dragging along the axis selects a range too.
    const axis = await page.locator("#timeline .axis").boundingBox();
    if (!axis) throw new Error("no axis");
    await page.mouse.move(axis.x + axis.width * 0.4, axis.y + axis.height / 2);
    await page.mouse.down();
    await page.mouse.move(axis.x + axis.width * 0.5, axis.y + axis.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(() => new URL(location.href).searchParams.get("to") !== "2022-05-31");
    const range = new URL(page.url()).searchParams;
    expect(range.get("from")).toMatch(/^2022-0[1-3]-\d\d$/);
    expect(range.get("to")).toMatch(/^2022-0[4-7]-\d\d$/);
    expect(await page.locator("#timeline .brush").isVisible()).toBe(true);
    await page.close();
  });

  it("loads the graph as of a day: who acted for OHCHR, kept in the URL, cleared back to the whole graph", async () => {
    const page = await openPage();
    const whole = await page.evaluate(() => window.explorer.cy.edges().length);
    const representatives = () =>
      page.evaluate(() =>
        window.explorer.cy
          .edges('[type = "REPRESENTS"][target = "organization:ohchr"]')
          .map((edge) => edge.data("source") as string)
          .sort(),
      );
    const setAsOf = async (day: string) => {
      await page.fill("#as-of", day);
      await page.waitForFunction(
        (wanted) => window.explorer?.asOf === wanted && document.body.dataset.state === "ready",
        day,
      );
    };
    expect(await representatives()).toEqual([
      "representative:michelle-bachelet",
      "representative:volker-turk",
    ]);
    await setAsOf("2022-06-15");
    expect(await representatives()).toEqual(["representative:michelle-bachelet"]);
    expect(new URL(page.url()).searchParams.get("asOf")).toBe("2022-06-15");
    expect(await page.textContent("#counts")).toContain("as of 2022-06-15");
    expect(await page.evaluate(() => window.explorer.cy.edges().length)).toBeLessThan(whole);
    await page.reload();
    await page.waitForSelector("body[data-state=ready]");
    expect(await page.inputValue("#as-of")).toBe("2022-06-15");
    expect(await representatives()).toEqual(["representative:michelle-bachelet"]);
    await setAsOf("2022-12-15");
    expect(await representatives()).toEqual(["representative:volker-turk"]);
    expect(new URL(page.url()).searchParams.get("asOf")).toBe("2022-12-15");
    // The COP's members in June 2021: twelve, Telefónica not yet among them.
    await setAsOf("2021-06-01");
    const members = await page.evaluate(() =>
      window.explorer.cy
        .edges('[type = "MEMBER_OF"][target = "programme:cop"]')
        .map((edge) => edge.data("source") as string),
    );
    expect(members).toHaveLength(12);
    expect(members).not.toContain("company:telefonica");
    await setAsOf("2022-06-01");
    const laterMembers = await page.evaluate(
      () => window.explorer.cy.edges('[type = "MEMBER_OF"][target = "programme:cop"]').length,
    );
    expect(laterMembers).toBe(13);
    await page.click("#as-of-clear");
    await page.waitForFunction(() => window.explorer?.asOf === "" && document.body.dataset.state === "ready");
    expect(new URL(page.url()).searchParams.has("asOf")).toBe(false);
    expect(await page.evaluate(() => window.explorer.cy.edges().length)).toBe(whole);
    expect(await page.textContent("#counts")).not.toContain("as of");
    await page.close();
  });

  it("lists a node's dated statements in a History section of its panel", async () => {
    const page = await openPage("?node=representative:michelle-bachelet");
    await page.waitForSelector('#panel[data-node-id="representative:michelle-bachelet"] .history-entry');
    const role = page.locator('#panel .history-entry[data-kind="ROLE"]');
    expect(await role.count()).toBe(1);
    const line = (await role.textContent())?.replace(/\s+/g, " ").trim() ?? "";
    expect(line).toContain("– 2022-08: role High Commissioner for Human Rights (UN Human Rights)");
    expect(line).toContain("inferred");
    expect(await page.locator("#panel .history h3").textContent()).toMatch(/^History \(\d+\)$/);
    await page.close();
  });

  it("says so when the API is down, and offers to retry", async () => {
    const page = await browser.newPage();
    await page.route("**/graphql", (route) => route.abort("connectionrefused"));
    await page.route("**/export/**", (route) => route.abort("connectionrefused"));
    await page.goto(server.url);
    await page.waitForSelector("body[data-state=error]", { timeout: 20_000 });
    expect(await page.textContent("#state")).toMatch(/API is not answering.*cannot be reached/);
    expect(await page.locator("#state button", { hasText: "Retry" }).count()).toBe(1);
    await page.close();
  });
});
