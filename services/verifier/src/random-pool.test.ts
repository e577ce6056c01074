import { describe, expect, it } from "vitest";
import { createRandomPool } from "./random-pool";

describe("random pool", () => {
  it("hands out the requested sizes, never the same bytes twice, across refills", () => {
    const take = createRandomPool(64);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const b = take(10);
      expect(b.length).toBe(10);
      const hex = Buffer.from(b).toString("hex");
      expect(seen.has(hex)).toBe(false);
      seen.add(hex);
    }
    expect(take(100).length).toBe(100); // larger than a block
  });

  it("keeps earlier results intact after a refill", () => {
    const take = createRandomPool(16);
    const first = take(10);
    const copy = Buffer.from(first).toString("hex");
    take(10); // refill
    take(10);
    expect(Buffer.from(first).toString("hex")).toBe(copy);
  });
});
