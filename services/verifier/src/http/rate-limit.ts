/**
 * Fixed-window rate limiter (per IP, per user), decided in memory on the request path. Memory
 * stays bounded by the keys seen in one window (the maps are cleared at every boundary). Time is
 * injected.
 *
 * Shared mode (with an `exchange`): several verifier instances enforce one limit. `sync()`, run
 * every few hundred ms off the request path, stores this instance's counts of the keys hit since
 * the last sync and takes back the other instances' counts of those keys; a hit is then judged on
 * own + others. No request waits for the database, and a failed sync only leaves the instance on
 * its own counts (those are sent again with the next one). The price of deciding locally: a key
 * can overshoot by what the other instances let through since the last sync, i.e. at most
 * (instances - 1) x the hits of one sync interval.
 * Only keys with at least `shareFrom` hits on this instance are shared (default max / 8): the user
 * who types one or two codes a minute costs no database write, the one being hammered does. That
 * adds at most (instances - 1) x (shareFrom - 1) to the overshoot; 1 shares every key.
 */
import type { RateLimitExchange } from "../app/ports";

export interface RateLimiter {
  /** Counts one hit; returns null when allowed, or the seconds to wait. */
  hit(key: string): number | null;
  /** True right after the hit that first went over the limit in this window (record it once). */
  firstOver(key: string): boolean;
  /** Shared mode: exchange counts with the other instances (a no-op without an exchange). */
  sync(): Promise<void>;
}

export function createRateLimiter(opts: {
  max: number;
  windowMs: number;
  now: () => number;
  exchange?: RateLimitExchange;
  shareFrom?: number;
}): RateLimiter {
  const shareFrom = opts.shareFrom ?? Math.max(1, Math.floor(opts.max / 8));
  let windowIndex = -1;
  const own = new Map<string, number>();
  const others = new Map<string, number>();
  const dirty = new Set<string>();
  const reported = new Set<string>();
  let firstOverKey: string | null = null;

  const roll = (now: number): number => {
    const w = Math.floor(now / opts.windowMs);
    if (w !== windowIndex) {
      windowIndex = w;
      own.clear();
      others.clear();
      dirty.clear();
      reported.clear();
    }
    return w;
  };

  return {
    hit(key) {
      const now = opts.now();
      const w = roll(now);
      const n = (own.get(key) ?? 0) + 1;
      own.set(key, n);
      if (opts.exchange && n >= shareFrom) dirty.add(key);
      firstOverKey = null;
      if (n + (others.get(key) ?? 0) <= opts.max) return null;
      if (!reported.has(key)) {
        reported.add(key);
        firstOverKey = key;
      }
      return Math.max(1, Math.ceil(((w + 1) * opts.windowMs - now) / 1000));
    },
    firstOver: (key) => firstOverKey === key,
    async sync() {
      if (!opts.exchange) return;
      const w = roll(opts.now());
      if (dirty.size === 0) return;
      const sent = new Map<string, number>();
      for (const key of dirty) sent.set(key, own.get(key) ?? 0);
      dirty.clear();
      let theirs: Map<string, number>;
      try {
        theirs = await opts.exchange.exchange(w, sent);
      } catch (e) {
        if (windowIndex === w) for (const key of sent.keys()) dirty.add(key); // sent again next time
        throw e;
      }
      if (windowIndex !== w) return; // the window ended meanwhile: its counts are gone
      for (const [key, n] of theirs) if (n > (others.get(key) ?? 0)) others.set(key, n);
    },
  };
}
