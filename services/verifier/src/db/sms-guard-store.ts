/**
 * The SMS guard's counts on PostgreSQL, shared by every verifier instance: one row per counted
 * send (`verifier.sms_guard_sends`, UNLOGGED: a crash only forgives the window) and one per
 * block (`verifier.sms_guard_blocks`). One indexed range count per SMS send; times come from the
 * verifier's clock, never from the database's.
 */
import type pg from "pg";
import type { SmsGuardCounts, SmsGuardStore } from "../app/ports";

export function createPostgresSmsGuardStore(pool: pg.Pool): SmsGuardStore {
  return {
    async counts(prefix, windowStart, graceStart): Promise<SmsGuardCounts> {
      const { rows } = await pool.query<{
        sends: number;
        passed: number;
        pending: number;
        refused_until: Date | null;
        blocked_at: Date | null;
      }>({
        name: "sms_guard_counts",
        text: `WITH b AS (SELECT * FROM verifier.sms_guard_blocks WHERE prefix = $1)
               SELECT count(*)::int AS sends,
                      count(s.passed_at)::int AS passed,
                      count(*) FILTER (WHERE s.passed_at IS NULL AND s.sent_at > $3)::int AS pending,
                      (SELECT refused_until FROM b) AS refused_until,
                      (SELECT blocked_at FROM b) AS blocked_at
                 FROM verifier.sms_guard_sends s
                WHERE s.prefix = $1
                  AND s.sent_at > greatest($2::timestamptz, coalesce((SELECT lifted_at FROM b), '-infinity'))`,
        values: [prefix, windowStart, graceStart],
      });
      const r = rows[0];
      return {
        sends: r?.sends ?? 0,
        passed: r?.passed ?? 0,
        pending: r?.pending ?? 0,
        refusedUntil: r?.refused_until ?? null,
        blockedAt: r?.blocked_at ?? null,
      };
    },
    async recordSend(challengeId, prefix, sentAt) {
      await pool.query({
        name: "sms_guard_send",
        text: "INSERT INTO verifier.sms_guard_sends (challenge_id, prefix, sent_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        values: [challengeId, prefix, sentAt],
      });
    },
    async markPassed(challengeId, at) {
      await pool.query({
        name: "sms_guard_passed",
        text: "UPDATE verifier.sms_guard_sends SET passed_at = $2 WHERE challenge_id = $1 AND passed_at IS NULL",
        values: [challengeId, at],
      });
    },
    async block(prefix, blockedAt, refusedUntil) {
      // a block already running keeps its start (a lift must be newer than it)
      await pool.query(
        `INSERT INTO verifier.sms_guard_blocks (prefix, blocked_at, refused_until) VALUES ($1, $2, $3)
         ON CONFLICT (prefix) DO UPDATE SET
           blocked_at = CASE WHEN sms_guard_blocks.refused_until > $2 THEN sms_guard_blocks.blocked_at ELSE $2 END,
           refused_until = greatest(sms_guard_blocks.refused_until, $3)`,
        [prefix, blockedAt, refusedUntil],
      );
    },
    async lift(prefix, liftedAt) {
      await pool.query(
        `UPDATE verifier.sms_guard_blocks SET refused_until = least(refused_until, $2), lifted_at = $2
          WHERE prefix = $1`,
        [prefix, liftedAt],
      );
    },
    async purge(before) {
      const r = await pool.query("DELETE FROM verifier.sms_guard_sends WHERE sent_at < $1", [before]);
      return r.rowCount ?? 0;
    },
  };
}
