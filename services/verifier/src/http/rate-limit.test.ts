import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limit";

describe("fixed-window rate limiter", () => {
  it("allows max hits per key and window, then says how long to wait", () => {
    let now = 10_000;
    const rl = createRateLimiter({ max: 2, windowMs: 60_000, now: () => now });
    expect(rl.hit("a")).toBeNull();
    expect(rl.hit("a")).toBeNull();
    expect(rl.hit("b")).toBeNull();
    expect(rl.hit("a")).toBe(50);
    expect(rl.firstOver("a")).toBe(true);
    expect(rl.hit("a")).toBe(50);
    expect(rl.firstOver("a")).toBe(false);
    expect(rl.firstOver("b")).toBe(false);
    now = 60_000;
    expect(rl.hit("a")).toBeNull();
  });
});
