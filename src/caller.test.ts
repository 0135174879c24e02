import type { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { type Caller, EDITOR_ROLE, requireEditor } from "./caller.ts";

function refusal(caller: Caller): GraphQLError | undefined {
  try {
    requireEditor(caller);
    return undefined;
  } catch (error) {
    return error as GraphQLError;
  }
}

describe("requireEditor", () => {
  it("refuses an anonymous caller with UNAUTHENTICATED (401)", () => {
    const error = refusal({});
    expect(error?.extensions).toEqual({ code: "UNAUTHENTICATED", http: { status: 401 } });
    expect(error?.message).toMatch(/bearer token with the editor role/);
  });

  it("refuses a token without the editor role with FORBIDDEN (403)", () => {
    for (const roles of [undefined, "editor", ["reader"], []]) {
      const error = refusal({ jwt: { sub: "someone", roles } });
      expect(error?.extensions, JSON.stringify(roles)).toEqual({ code: "FORBIDDEN", http: { status: 403 } });
    }
  });

  it("lets an editor through", () => {
    expect(refusal({ jwt: { sub: "someone", roles: ["reader", EDITOR_ROLE] } })).toBeUndefined();
  });
});
