import { describe, expect, it } from "vitest";
import { Lru } from "./lru";

describe("Lru", () => {
  it("keeps at most max entries and evicts the least recently used one", () => {
    const lru = new Lru<string, number>(2);
    lru.set("a", 1);
    lru.set("b", 2);
    expect(lru.get("a")).toBe(1); // a is now the most recent
    lru.set("c", 3);
    expect(lru.size).toBe(2);
    expect(lru.get("b")).toBeUndefined();
    expect(lru.get("a")).toBe(1);
    expect(lru.get("c")).toBe(3);
  });

  it("stays bounded under a long churn of distinct keys", () => {
    const lru = new Lru<number, number>(100);
    for (let i = 0; i < 50_000; i++) lru.set(i, i);
    expect(lru.size).toBe(100);
    expect(lru.get(49_999)).toBe(49_999);
    expect(lru.get(49_899)).toBeUndefined();
  });

  it("caches nothing when its size is 0 (cache disabled by config)", () => {
    const lru = new Lru<string, number>(0);
    lru.set("a", 1);
    expect(lru.get("a")).toBeUndefined();
    expect(lru.size).toBe(0);
  });
});
