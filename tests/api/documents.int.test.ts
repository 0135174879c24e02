// sourceDocument(id) { text }: a source's text through the API, checked against the file and Neo4j's quotes.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config.ts";
import { ensureSeeded } from "../helpers/graph.ts";
import { postGraphQL, serveAppForSuite } from "../helpers/http.ts";

describe("the text of a source document", () => {
  const server = serveAppForSuite({ before: (driver) => ensureSeeded(driver) });
  const { driver } = server;
  const query = "query ($id: ID!) { sourceDocument(id: $id) { id title file text } }";

  it("answers the seeded review's text, which holds every quote Neo4j cites from it", async () => {
    const id = "source:btech-cop-2022-year-end-review";
    const { body } = await postGraphQL(server.url, query, { id });
    expect(body.errors).toBeUndefined();
    const document = body.data.sourceDocument;
    expect(document.file).toBe("sources/btech-cop-2022-year-end-review.txt");
    expect(document.text).toBe(await readFile(path.join(projectRoot, "seed", document.file), "utf8"));
    const { records } = await driver.executeQuery(
      "MATCH ()-[c:CITED_IN]->(:Source {id: $id}) RETURN DISTINCT c.quote AS quote",
      { id },
    );
    expect(records.length).toBeGreaterThan(50);
    const text = document.text.replace(/\s+/g, " ");
    for (const record of records) expect(text).toContain(record.get("quote").replace(/\s+/g, " "));
  });

  // A file outside seed/ reads as null text: src/documents/index.test.ts, without writing to the shared graph.
  it("answers null for an id no source has", async () => {
    const { body } = await postGraphQL(server.url, query, { id: "source:no-such-document" });
    expect(body.errors).toBeUndefined();
    expect(body.data.sourceDocument).toBeNull();
  });
});
