import { describe, expect, it } from "vitest";
import { Lru } from "./state-cache";

describe("Lru", () => {
  it("stays within its bound and keeps the entries used last", () => {
    const lru = new Lru<number>(10);
    for (let i = 0; i < 1000; i++) {
      lru.set(`k${i}`, i);
      expect(lru.size).toBeLessThanOrEqual(10);
      // k0 is read after every write: it is never the least recently used, so it stays.
      expect(lru.get("k0")).toBe(0);
    }
    expect(lru.get("k999")).toBe(999);
    expect(lru.get("k998")).toBe(998);
    expect(lru.get("k500")).toBeUndefined();
  });

  it("a set replaces the value wherever the key was", () => {
    const lru = new Lru<string>(4);
    lru.set("a", "1");
    lru.set("b", "2"); // a and b now the older generation
    lru.set("a", "3");
    expect(lru.get("a")).toBe("3");
    lru.clear();
    expect(lru.get("a")).toBeUndefined();
    expect(lru.size).toBe(0);
  });
});
