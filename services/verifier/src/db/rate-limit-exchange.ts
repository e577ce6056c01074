/**
 * The shared rate limiter's counts on PostgreSQL: `verifier.rate_limit_counts`, one row per
 * (scope, window, key, instance) holding that instance's count. UNLOGGED: counts of the last
 * minute are not worth a WAL flush, and a crash that loses them only forgives a window. Rows of
 * past windows are deleted by the first exchange of each new window. Window numbers depend on the
 * window length, so callers put it in the scope ("ip/60000"): instances configured differently
 * then simply do not share.
 */
import type pg from "pg";
import type { RateLimitExchange } from "../app/ports";

export function createPostgresRateLimitExchange(
  pool: pg.Pool,
  opts: { scope: string; instanceId: string },
): RateLimitExchange {
  let cleanedWindow = -1;
  return {
    async exchange(window, own) {
      if (window !== cleanedWindow) {
        cleanedWindow = window;
        await pool.query({
          name: "rl_cleanup",
          text: "DELETE FROM verifier.rate_limit_counts WHERE scope = $1 AND win < $2",
          values: [opts.scope, window],
        });
      }
      const keys = [...own.keys()];
      const res = await pool.query<{ key: string; hits: number }>({
        name: "rl_exchange",
        text: `WITH stored AS (
                 INSERT INTO verifier.rate_limit_counts (scope, win, key, instance, hits)
                 SELECT $1, $2, t.k, $3, t.c FROM unnest($4::text[], $5::int[]) AS t(k, c)
                 ON CONFLICT (scope, win, key, instance) DO UPDATE SET hits = EXCLUDED.hits
               )
               SELECT key, sum(hits)::int AS hits FROM verifier.rate_limit_counts
                WHERE scope = $1 AND win = $2 AND key = ANY($4::text[]) AND instance <> $3
                GROUP BY key`,
        values: [opts.scope, window, opts.instanceId, keys, keys.map((k) => own.get(k) ?? 0)],
      });
      return new Map(res.rows.map((r) => [r.key, r.hits]));
    },
  };
}

/** The verifier's two scopes (per IP, per user) for one instance. */
export const createPostgresRateLimitExchanges = (
  pool: pg.Pool,
  opts: { windowMs: number; instanceId: string },
) => ({
  ip: createPostgresRateLimitExchange(pool, { scope: `ip/${opts.windowMs}`, instanceId: opts.instanceId }),
  user: createPostgresRateLimitExchange(pool, {
    scope: `user/${opts.windowMs}`,
    instanceId: opts.instanceId,
  }),
});
