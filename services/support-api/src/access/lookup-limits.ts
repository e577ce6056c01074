import type { DateClock } from "../ports";

export interface LookupLimits {
  /** Users one agent may open per minute (misses and repeats in later requests included). */
  perAgentPerMinute: number;
  /** Distinct users one request may open. */
  perRequest: number;
}

export const DEFAULT_LOOKUP_LIMITS: LookupLimits = { perAgentPerMinute: 30, perRequest: 5 };

/**
 * Per-agent token bucket: `perMinute` lookups, refilled continuously. In memory, per process:
 * with N instances an agent gets up to N × the limit (documented in the README).
 */
export function createLookupRateLimiter(perMinute: number, clock: DateClock) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const ratePerMs = perMinute / 60_000;
  return {
    /** Takes one lookup for the agent; false when the agent is over the limit. */
    take(agentId: string): boolean {
      const now = clock.now().getTime();
      const b = buckets.get(agentId) ?? { tokens: perMinute, at: now };
      b.tokens = Math.min(perMinute, b.tokens + (now - b.at) * ratePerMs);
      b.at = now;
      buckets.set(agentId, b);
      if (buckets.size > 10_000) for (const [k, v] of buckets) if (v.tokens >= perMinute) buckets.delete(k);
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
  };
}
export type LookupRateLimiter = ReturnType<typeof createLookupRateLimiter>;

/** What one request has opened: each user once (one audit event), at most `perRequest` users. */
export interface RequestLookups {
  limits: LookupLimits;
  limiter: LookupRateLimiter;
  /** user id → the outcome of its first opening in this request, and the fields recorded. */
  opened: Map<string, { outcome: Promise<unknown>; fields: Set<string> }>;
}
