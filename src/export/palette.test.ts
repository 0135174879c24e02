import { describe, expect, it } from "vitest";
import { modelTypeNames } from "../model/index.ts";
import { typeColours } from "./palette.ts";

describe("typeColours", () => {
  it("gives every entity type of the model a colour of its own", () => {
    const { nodeTypes } = modelTypeNames();
    for (const type of nodeTypes)
      expect(typeColours[type], `${type} has no colour`).toMatch(/^#[0-9A-F]{6}$/i);
    const colours = nodeTypes.map((type) => typeColours[type]);
    expect(new Set(colours).size).toBe(colours.length);
  });
});
