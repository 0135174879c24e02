// How the page writes a source's text as HTML: the document's underlines drawn, everything else escaped.
import { describe, expect, it } from "vitest";
import { underlinedHtml, underlinedPieces } from "../../web/src/dom.ts";

describe("underlinedHtml", () => {
  it("draws the source's <u>…</u> as underlines and escapes everything else", () => {
    expect(underlinedHtml("the 2021 tech company leader <u>dialogue</u> with")).toBe(
      "the 2021 tech company leader <u>dialogue</u> with",
    );
    expect(underlinedHtml(`<u>a & b</u> <script>alert("x")</script>`)).toBe(
      "<u>a &#38; b</u> &#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;",
    );
  });

  it("leaves a tag that does not pair up as text", () => {
    expect(underlinedHtml("an <u>open tag")).toBe("an &#60;u&#62;open tag");
    expect(underlinedHtml("a close</u> tag")).toBe("a close&#60;/u&#62; tag");
    expect(underlinedHtml('<u onclick="x">no</u>')).toBe("&#60;u onclick=&#34;x&#34;&#62;no&#60;/u&#62;");
  });
});

describe("underlinedPieces", () => {
  it("draws an underline cut by the pieces within each piece, so that no tag straddles two", () => {
    const text = "please write to <u>OHCHR-b-</u> <u>techproject@un.org</u>.";
    // Cut as the reader cuts at a quote's end, in the middle of an underlined run.
    const cut = text.indexOf("project@");
    expect(underlinedPieces([text.slice(0, cut), text.slice(cut)])).toEqual([
      "please write to <u>OHCHR-b-</u> <u>tech</u>",
      "<u>project@un.org</u>.",
    ]);
  });

  it("gives an empty piece for a cut that holds only a tag", () => {
    const text = "B-Tech <u>foundational papers</u>, the";
    const open = text.indexOf("<u>");
    expect(underlinedPieces([text.slice(0, open), "<u>", text.slice(open + 3)])).toEqual([
      "B-Tech ",
      "",
      "<u>foundational papers</u>, the",
    ]);
  });
});
