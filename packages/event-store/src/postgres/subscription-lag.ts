import { assertSchemaName } from "@factorlens/pg-migrate";
import type pg from "pg";

/** Where the store's head is, a subscriber's stored checkpoint, and how many events are after it. */
export interface SubscriptionLag {
  head: bigint | null;
  checkpoint: bigint | null;
  /** Committed events after the checkpoint, counted up to the cap ("at least" beyond it). */
  behind: number;
}

/** Counting stops here: a lag this large reads as "at least this many". */
export const SUBSCRIPTION_LAG_CAP = 1_000_000;

/**
 * A probe of one subscriber's lag behind the PostgreSQL store, for metrics. Positions are
 * `(xid << 16) | index`, so their difference is not a count: one statement reads the head and
 * the checkpoint (a `checkpoints (subscriber_id, position)` table in `checkpointsSchema`, such as
 * the store's own or the read models') and counts the events after the checkpoint along the
 * primary key, stopping at `cap`.
 */
export function createPostgresSubscriptionLag(
  pool: pg.Pool,
  opts: { eventStoreSchema: string; checkpointsSchema: string; subscriberId: string; cap?: number },
): () => Promise<SubscriptionLag> {
  const events = `"${assertSchemaName(opts.eventStoreSchema)}".events`;
  const checkpoints = `"${assertSchemaName(opts.checkpointsSchema)}".checkpoints`;
  const sql = `
    WITH c AS (SELECT (SELECT position FROM ${checkpoints} WHERE subscriber_id = $1) AS p)
    SELECT (SELECT max(position) FROM ${events})::text AS head,
           (SELECT p FROM c)::text AS checkpoint,
           (SELECT count(*) FROM (SELECT 1 FROM ${events}
              WHERE position > coalesce((SELECT p FROM c), -1) LIMIT $2) t)::int AS behind`;
  const cap = opts.cap ?? SUBSCRIPTION_LAG_CAP;
  return async () => {
    const { rows } = await pool.query<{ head: string | null; checkpoint: string | null; behind: number }>(
      sql,
      [opts.subscriberId, cap],
    );
    const row = rows[0];
    return {
      head: row?.head ? BigInt(row.head) : null,
      checkpoint: row?.checkpoint ? BigInt(row.checkpoint) : null,
      behind: row?.behind ?? 0,
    };
  };
}
