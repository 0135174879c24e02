/** The element with this id, typed as the caller expects (the page's ids are fixed in index.html). */
export const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Text made safe to put inside HTML, attributes included. */
export function html(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * A source's text made safe for HTML, its underlines drawn. The source files keep the document's underlined
 * words as `<u>…</u>` (`the B-Tech <u>foundational papers</u>`), and quotes copy them verbatim: those two tags,
 * when they pair up, become underlines; everything else, stray tags included, is escaped text.
 *
 * @example
 * underlinedHtml("the <u>dialogue</u> & <b>") // "the <u>dialogue</u> &#38; &#60;b&#62;"
 */
export function underlinedHtml(text: string): string {
  return underlinedPieces([text]).join("");
}

/**
 * Like `underlinedHtml`, for a text cut into consecutive pieces (the reader cuts it at every quote): each piece
 * comes back as HTML of its own, its underlined parts wrapped in `<u>` within it, so that the caller can wrap
 * each piece in an element (a mark) without tags that straddle two pieces.
 */
export function underlinedPieces(pieces: string[]): string[] {
  const whole = pieces.join("");
  const underlined = new Set<number>();
  const tags = new Set<number>();
  for (const match of whole.matchAll(/<u>([\s\S]*?)<\/u>/g)) {
    const inner = match.index + "<u>".length;
    const end = inner + (match[1] ?? "").length;
    for (let at = match.index; at < inner; at++) tags.add(at);
    for (let at = inner; at < end; at++) underlined.add(at);
    for (let at = end; at < end + "</u>".length; at++) tags.add(at);
  }
  let offset = 0;
  return pieces.map((piece) => {
    let markup = "";
    let run = "";
    let runUnderlined = false;
    const flush = () => {
      if (run) markup += runUnderlined ? `<u>${html(run)}</u>` : html(run);
      run = "";
    };
    for (let at = offset; at < offset + piece.length; at++) {
      if (tags.has(at)) continue;
      if (underlined.has(at) !== runUnderlined) flush();
      runUnderlined = underlined.has(at);
      run += whole[at];
    }
    flush();
    offset += piece.length;
    return markup;
  });
}

/**
 * Says something where the eye is: the message strip over the top of the graph (search results, analytics
 * falling back, filters hiding things). `tone: "warning"` marks what did not work.
 */
export function notice(message: string, tone: "info" | "warning" = "info") {
  const box = byId("notice");
  box.textContent = message;
  box.dataset.tone = tone;
  box.hidden = message === "";
  clearTimeout(fading);
  // Information goes away by itself, so that it does not cover the graph; a warning stays until the next message.
  if (tone === "info" && message) {
    fading = setTimeout(() => {
      box.hidden = true;
    }, 8_000);
  }
}

let fading: ReturnType<typeof setTimeout> | undefined;
