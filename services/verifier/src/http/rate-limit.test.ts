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

/** The exchange port in memory: per window, per key, per instance (the PostgreSQL one is tested in db/). */
function memoryExchange() {
  const counts = new Map<string, number>(); // `${window}|${key}|${instance}`
  let failing = false;
  const as = (instance: string) => ({
    async exchange(window: number, own: ReadonlyMap<string, number>) {
      if (failing) throw new Error("database down");
      for (const [key, n] of own) counts.set(`${window}|${key}|${instance}`, n);
      const theirs = new Map<string, number>();
      for (const [k, n] of counts) {
        const [w, key, who] = k.split("|");
        if (Number(w) === window && who !== instance && own.has(key!))
          theirs.set(key!, (theirs.get(key!) ?? 0) + n);
      }
      return theirs;
    },
  });
  return { as, fail: (f: boolean) => (failing = f) };
}

describe("shared rate limiter", () => {
  it("judges a key on every instance's hits once it has synced: one limit, not one per instance", async () => {
    const now = 5_000;
    const ex = memoryExchange();
    const a = createRateLimiter({ max: 4, windowMs: 60_000, now: () => now, exchange: ex.as("a") });
    const b = createRateLimiter({ max: 4, windowMs: 60_000, now: () => now, exchange: ex.as("b") });
    for (let i = 0; i < 3; i++) expect(a.hit("u")).toBeNull();
    await a.sync();
    // b has not seen "u" yet: its first hit is judged on its own count (the bounded overshoot) ...
    expect(b.hit("u")).toBeNull();
    await b.sync();
    // ... and from its next sync on, on the sum: 3 (a) + 2 (b) > 4.
    expect(b.hit("u")).toBe(55);
    expect(b.firstOver("u")).toBe(true);
    expect(b.hit("u")).toBe(55);
    expect(b.firstOver("u")).toBe(false);
    // a learns b's hits at its next sync: its own 4th hit still passes, the one after the sync not.
    expect(a.hit("u")).toBeNull();
    await a.sync();
    expect(a.hit("u")).toBe(55);
  });

  it("shares a key only from `shareFrom` hits on an instance: quiet keys cost no exchange", async () => {
    const now = 5_000;
    const sent: string[][] = [];
    const spy = {
      exchange: async (_w: number, own: ReadonlyMap<string, number>) => {
        sent.push([...own.keys()]);
        return new Map<string, number>();
      },
    };
    const rl = createRateLimiter({ max: 30, windowMs: 60_000, now: () => now, exchange: spy }); // shareFrom 3
    rl.hit("quiet");
    rl.hit("busy");
    rl.hit("busy");
    await rl.sync();
    expect(sent).toEqual([]);
    rl.hit("busy");
    rl.hit("quiet");
    await rl.sync();
    expect(sent).toEqual([["busy"]]);
  });

  it("keeps limiting on its own counts while the exchange fails, and sends them with the next sync", async () => {
    let now = 1_000;
    const ex = memoryExchange();
    const a = createRateLimiter({ max: 3, windowMs: 60_000, now: () => now, exchange: ex.as("a") });
    const b = createRateLimiter({ max: 3, windowMs: 60_000, now: () => now, exchange: ex.as("b") });
    ex.fail(true);
    expect(a.hit("k")).toBeNull();
    expect(a.hit("k")).toBeNull();
    await expect(a.sync()).rejects.toThrow("database down");
    expect(a.hit("k")).toBeNull();
    expect(a.hit("k")).not.toBeNull(); // own counts still limit
    ex.fail(false);
    await a.sync(); // the 4 hits of this window, kept from the failed sync
    expect(b.hit("k")).toBeNull();
    await b.sync();
    expect(b.hit("k")).not.toBeNull(); // 4 (a) + 2 (b)
    // A new window forgets both instances' counts.
    now = 60_000;
    expect(b.hit("k")).toBeNull();
    await b.sync();
    expect(b.hit("k")).toBeNull();
  });
});
