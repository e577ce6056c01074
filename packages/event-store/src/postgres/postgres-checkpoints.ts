import type { CheckpointStore } from "../port";
import type { PgContext } from "./pg-context";

/** Checkpoints with compare-and-set: an UPDATE guarded by the expected value, or an INSERT. */
export function createPostgresCheckpoints({ schema, call, q }: PgContext): CheckpointStore {
  return {
    load: (subscriberId) =>
      call("checkpoints.load", async () => {
        const res = await q<{ position: string }>(
          "cp_load",
          `SELECT position FROM ${schema}.checkpoints WHERE subscriber_id = $1`,
          [subscriberId],
        );
        return res.rows[0] ? BigInt(res.rows[0].position) : null;
      }),
    store: (subscriberId, position, expected) =>
      call("checkpoints.store", async () => {
        const res =
          expected === null
            ? await q(
                "cp_insert",
                `INSERT INTO ${schema}.checkpoints (subscriber_id, position) VALUES ($1, $2)
                 ON CONFLICT (subscriber_id) DO NOTHING`,
                [subscriberId, position.toString()],
              )
            : await q(
                "cp_update",
                `UPDATE ${schema}.checkpoints SET position = $2, updated_at = now()
                  WHERE subscriber_id = $1 AND position = $3`,
                [subscriberId, position.toString(), expected.toString()],
              );
        return res.rowCount === 1;
      }),
  };
}
