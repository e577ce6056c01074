/**
 * The IP throttle's shared rows on PostgreSQL (UNLOGGED: a crash only forgives): the last failure
 * of each (network, user) in `verifier.ip_failures`, and the networks throttled until a time in
 * `verifier.ip_throttles`. Written only on failed attempts; the hot path reads an in-memory copy.
 */
import type pg from "pg";
import type { IpThrottleStore } from "../app/ports";

export function createPostgresIpThrottleStore(pool: pg.Pool): IpThrottleStore {
  return {
    async recordFailure(networks, userId, at, since) {
      const { rows } = await pool.query<{ network: string; users: number }>({
        name: "ip_throttle_failure",
        text: `WITH stored AS (
                 INSERT INTO verifier.ip_failures (network, user_id, failed_at)
                 SELECT n, $2, $3 FROM unnest($1::text[]) AS n
                 ON CONFLICT (network, user_id) DO UPDATE SET failed_at = greatest(ip_failures.failed_at, EXCLUDED.failed_at)
               )
               SELECT network, (count(*) FILTER (WHERE user_id <> $2))::int + 1 AS users
                 FROM verifier.ip_failures
                WHERE network = ANY($1::text[]) AND failed_at > $4
                GROUP BY network`,
        values: [networks, userId, at, since],
      });
      const users = new Map(rows.map((r) => [r.network, r.users]));
      return networks.map((n) => users.get(n) ?? 1);
    },
    async throttle(networks, until) {
      await pool.query(
        `INSERT INTO verifier.ip_throttles (network, throttled_until) SELECT n, $2 FROM unnest($1::text[]) AS n
         ON CONFLICT (network) DO UPDATE SET throttled_until = greatest(ip_throttles.throttled_until, EXCLUDED.throttled_until)`,
        [networks, until],
      );
    },
    async throttled(now) {
      const { rows } = await pool.query<{ network: string; throttled_until: Date }>({
        name: "ip_throttle_active",
        text: "SELECT network, throttled_until FROM verifier.ip_throttles WHERE throttled_until > $1",
        values: [now],
      });
      return new Map(rows.map((r) => [r.network, r.throttled_until]));
    },
    async purge(before) {
      const r = await pool.query("DELETE FROM verifier.ip_failures WHERE failed_at < $1", [before]);
      await pool.query("DELETE FROM verifier.ip_throttles WHERE throttled_until < $1", [before]);
      return r.rowCount ?? 0;
    },
  };
}
