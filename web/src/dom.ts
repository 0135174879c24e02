/** The element with this id, typed as the caller expects (the page's ids are fixed in index.html). */
export const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Text made safe to put inside HTML, attributes included. */
export function html(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
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
