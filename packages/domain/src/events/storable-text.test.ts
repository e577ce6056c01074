import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findUnstorableText, StorableString, unstorableTextProblem } from "./storable-text";

describe("storable text (what PostgreSQL jsonb and EventStoreDB can hold)", () => {
  it("refuses U+0000 and unpaired surrogates, accepts every other well-formed string", () => {
    expect(unstorableTextProblem("a\u0000b")).toBe("nul_character");
    expect(unstorableTextProblem("x\ud800")).toBe("lone_surrogate");
    expect(unstorableTextProblem("\udc00y")).toBe("lone_surrogate");
    expect(unstorableTextProblem("\ud800\ud800\udc00")).toBe("lone_surrogate");
    expect(unstorableTextProblem("emoji 😀 ünïcode\t\n\u0001\uffff")).toBeNull();
  });

  it("a string is storable exactly when it is well formed and holds no NUL", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const wellFormed = encodeURIComponentSafe(s);
        expect(unstorableTextProblem(s) === null).toBe(wellFormed && !s.includes("\u0000"));
      }),
    );
  });

  it("finds the first unstorable key or value of a JSON value and names its path", () => {
    expect(findUnstorableText({ a: ["ok", { b: "x\u0000" }] }, "data")).toEqual({
      path: "data.a[1].b",
      problem: "nul_character",
    });
    expect(findUnstorableText({ "k\ud800": 1 })).toEqual({ path: "k\ufffd", problem: "lone_surrogate" });
    expect(findUnstorableText({ a: 1, b: [true, null, "fine"] })).toBeNull();
  });

  it("StorableString refuses them in a schema, naming the rule, not the value", () => {
    const r = StorableString.max(5).safeParse("a\u0000");
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/U\+0000|surrogate/);
    expect(StorableString.max(5).safeParse("abc").success).toBe(true);
  });
});

/** An independent oracle: encodeURIComponent throws on a lone surrogate. */
function encodeURIComponentSafe(s: string): boolean {
  try {
    encodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
}
