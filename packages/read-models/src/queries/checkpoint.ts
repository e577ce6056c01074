import { type ReadDb, schemaOf } from "../db";

/**
 * A projection's position in the read-model schema (the projector writes it in each batch's
 * transaction): how far the read models are. Null before its first batch.
 */
export async function loadProjectionCheckpoint(db: ReadDb, subscriberId: string): Promise<bigint | null> {
  const res = await db.query<{ position: string }>(
    `SELECT position FROM ${schemaOf(db)}.checkpoints WHERE subscriber_id = $1`,
    [subscriberId],
  );
  return res.rows[0] ? BigInt(res.rows[0].position) : null;
}
