import {
  loadProjectionCheckpoint,
  type Queryable,
  ReadModelsError,
  schemaOf,
  withSchema,
} from "@factorlens/read-models";

/** The subscriber's position in the read-model schema (written in the batch's transaction). */
export const loadCheckpoint = (db: Queryable, schema: string, subscriberId: string): Promise<bigint | null> =>
  loadProjectionCheckpoint(withSchema(db, schema), subscriberId);

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
