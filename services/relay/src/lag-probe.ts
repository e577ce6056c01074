import type pg from "pg";
import type { LagProbe } from "./metrics";

/** Counting stops here: a lag this large reads as "at least this many". */
export const LAG_CAP = 1_000_000;

/**
 * The PostgreSQL store's head and the number of committed events after the relay's checkpoint
 * (positions are `(xid << 16) | index`: their difference is not a count). One statement; the
 * count walks the primary key from the checkpoint and stops at `LAG_CAP`.
 */
export function postgresLagProbe(pool: pg.Pool, opts: { schema: string; subscriberId: string }): LagProbe {
  const s = `"${opts.schema}"`; // an identifier checked by the config
  const sql = `
    WITH c AS (SELECT (SELECT position FROM ${s}.checkpoints WHERE subscriber_id = $1) AS p)
    SELECT (SELECT max(position) FROM ${s}.events)::text AS head,
           (SELECT p FROM c)::text AS checkpoint,
           (SELECT count(*) FROM (SELECT 1 FROM ${s}.events
              WHERE position > coalesce((SELECT p FROM c), -1) LIMIT $2) t)::int AS behind`;
  return async () => {
    const row = (
      await pool.query<{ head: string | null; checkpoint: string | null; behind: number }>(sql, [
        opts.subscriberId,
        LAG_CAP,
      ])
    ).rows[0];
    return {
      head: row?.head ? BigInt(row.head) : null,
      checkpoint: row?.checkpoint ? BigInt(row.checkpoint) : null,
      behind: row?.behind ?? 0,
    };
  };
}
