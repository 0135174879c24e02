/**
 * One colour per node type, shared by the explorer page and the exports that carry colours (GEXF), so a
 * graph opened in Gephi looks like the one on the page. Chosen to stay apart for common colour blindness
 * (Okabe–Ito based).
 */
export const typeColours: Record<string, string> = {
  Company: "#0072B2",
  Organization: "#E69F00",
  Expert: "#009E73",
  Representative: "#56B4E9",
  Event: "#D55E00",
  Programme: "#CC79A7",
  Theme: "#F0E442",
  Practice: "#999999",
  default: "#444444",
};
