import { type Queryable, ReadModelsError, schemaOf } from "@factorlens/read-models";

/** The subscriber's position in the read-model schema (written in the batch's transaction). */
export async function loadCheckpoint(
  db: Queryable,
  schema: string,
  subscriberId: string,
): Promise<bigint | null> {
  const res = await db.query<{ position: string }>(
    `SELECT position FROM ${schemaOf(schema)}.checkpoints WHERE subscriber_id = $1`,
    [subscriberId],
  );
  return res.rows[0] ? BigInt(res.rows[0].position) : null;
}

/**
 * Compare-and-set: moves the checkpoint from `expected` to `position`, or throws
 * `checkpoint_conflict` (rolling the batch back) when another writer moved it first.
 */
export async function storeCheckpoint(
  db: Queryable,
  schema: string,
  subscriberId: string,
  position: bigint,
  expected: bigint | null,
): Promise<void> {
  const t = `${schemaOf(schema)}.checkpoints`;
  const res =
    expected === null
      ? await db.query(
          `INSERT INTO ${t} (subscriber_id, position) VALUES ($1, $2) ON CONFLICT (subscriber_id) DO NOTHING`,
          [subscriberId, position.toString()],
        )
      : await db.query(
          `UPDATE ${t} SET position = $2, updated_at = now() WHERE subscriber_id = $1 AND position = $3`,
          [subscriberId, position.toString(), expected.toString()],
        );
  if (res.rowCount !== 1) {
    throw new ReadModelsError(
      "checkpoint_conflict",
      `checkpoint of ${subscriberId} was moved by another writer`,
    );
  }
}
