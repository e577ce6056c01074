import { schemaOf } from "@factorlens/read-models";
import type pg from "pg";
import type { LagProbe } from "./metrics";

/** Counting stops here: a lag this large reads as "at least this many". */
export const LAG_CAP = 1_000_000;

/**
 * The PostgreSQL store's head and the number of committed events after the subscriber's
 * checkpoint (positions are `(xid << 16) | index`, so their difference is not a count).
 * One statement; the count walks the primary key from the checkpoint and stops at `LAG_CAP`.
 */
export function postgresLagProbe(
  pool: pg.Pool,
  opts: { eventStoreSchema: string; readModelsSchema: string; subscriberId: string },
): LagProbe {
  const events = `${schemaOf(opts.eventStoreSchema)}.events`;
  const checkpoints = `${schemaOf(opts.readModelsSchema)}.checkpoints`;
  const sql = `
    WITH c AS (SELECT (SELECT position FROM ${checkpoints} WHERE subscriber_id = $1) AS p)
    SELECT (SELECT max(position) FROM ${events})::text AS head,
           (SELECT p FROM c)::text AS checkpoint,
           (SELECT count(*) FROM (SELECT 1 FROM ${events}
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
