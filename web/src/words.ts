/**
 * Reader-facing words for the model's codes: relationship types, enum values and property names, so the page
 * never shows `PARTICIPATED_IN` or `SESSION` to a reader.
 */

/** How each relationship type reads from its subject to its object, with the colour its edges are drawn in. */
export const predicates: Record<string, { phrase: string; colour: string }> = {
  PARTICIPATED_IN: { phrase: "took part in", colour: "#0072B2" },
  HAS_THEME: { phrase: "had the theme", colour: "#B8860B" },
  MEMBER_OF: { phrase: "is a member of", colour: "#CC79A7" },
  REPRESENTS: { phrase: "represents", colour: "#56B4E9" },
  CONTRIBUTED_TO: { phrase: "contributed to", colour: "#009E73" },
  AFFILIATED_WITH: { phrase: "is affiliated with", colour: "#7570B3" },
  BROADER: { phrase: "is narrower than", colour: "#8C8C00" },
  PART_OF: { phrase: "is part of", colour: "#D55E00" },
  RUNS: { phrase: "runs", colour: "#E69F00" },
  INVOLVES: { phrase: "involves", colour: "#A6761D" },
  AFFECTED: { phrase: "affected", colour: "#B00020" },
  USES_PRACTICE: { phrase: "uses the practice", colour: "#777777" },
  FOLLOWS: { phrase: "follows", colour: "#444444" },
};

/** The phrase of a relationship type; an unknown one reads as its code in lower case. */
export function predicatePhrase(predicate: string): string {
  return predicates[predicate]?.phrase ?? words(predicate);
}

/** The colour of a relationship type's edges. */
export function predicateColour(predicate: string): string {
  return predicates[predicate]?.colour ?? "#9a9a9a";
}

/** `SPECIAL_SESSION` → `special session`, `IN_PERSON` → `in person`; anything not a code is left alone. */
export function words(value: string): string {
  return /^[A-Z][A-Z0-9_]*$/.test(value) ? value.toLowerCase().replaceAll("_", " ") : value;
}

const propertyNames: Record<string, string> = {
  startYear: "since",
  startDate: "from",
  endDate: "to",
  dateText: "as the source dates it",
  aliases: "also called",
  kind: "kind",
};

/** `startDate` → `from`, `dateText` → `as the source dates it`; other names are split at capitals. */
export function propertyName(name: string): string {
  return propertyNames[name] ?? name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

/** Properties whose values are the model's enum codes (EventKind, EventStatus, EventFormat…). */
const enumProperties = new Set(["kind", "status", "format", "basis"]);

/** A property's value as a reader reads it: enum codes as words (never an acronym such as ICRC), lists joined. */
export function propertyValue(name: string, value: unknown): string {
  const text = (item: unknown) => (enumProperties.has(name) ? words(String(item)) : String(item));
  return Array.isArray(value) ? value.map(text).join("; ") : text(value);
}
