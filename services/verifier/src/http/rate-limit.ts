/**
 * Fixed-window rate limiter (per IP, per user). The map is cleared at every window boundary, so
 * memory stays bounded by the keys seen in one window. Time is injected.
 */
export interface RateLimiter {
  /** Counts one hit; returns null when allowed, or the seconds to wait. */
  hit(key: string): number | null;
  /** True right after the hit that first went over the limit in this window (record it once). */
  firstOver(key: string): boolean;
}

export function createRateLimiter(opts: { max: number; windowMs: number; now: () => number }): RateLimiter {
  let windowIndex = -1;
  const counts = new Map<string, number>();
  return {
    hit(key) {
      const now = opts.now();
      const w = Math.floor(now / opts.windowMs);
      if (w !== windowIndex) {
        windowIndex = w;
        counts.clear();
      }
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      if (n <= opts.max) return null;
      return Math.max(1, Math.ceil(((w + 1) * opts.windowMs - now) / 1000));
    },
    firstOver: (key) => counts.get(key) === opts.max + 1,
  };
}
