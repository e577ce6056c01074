import { type ReadDb, schemaOf } from "../db";
import type { AttemptOutcome, AttemptRow } from "../tables";
import { type Camelize, type Connection, camelize, encodeCursor, isoOrNull } from "./common";
import { keysetPage } from "./keyset-page";

/** An attempt as the support API speaks it (the GraphQL Attempt resolves from it as it is). */
export type AttemptView = Camelize<AttemptRow>;
export const toAttemptView: (row: AttemptRow) => AttemptView = camelize;

/** A refused disable's evidence: the policy's window and the user's last verification. */
export interface DisableRefusal {
  freshVerificationMinutes: number;
  lastVerifiedAt?: string;
}
export const refusalOf = (a: Pick<AttemptView, "outcome" | "evidence">): DisableRefusal | null =>
  a.outcome === "refused" && typeof a.evidence?.freshVerificationMinutes === "number"
    ? (a.evidence as unknown as DisableRefusal)
    : null;

export interface TimelineOptions {
  /** Page size, 1..MAX_PAGE (default DEFAULT_PAGE). */
  first?: number | null;
  /** endCursor of the previous page. */
  after?: string | null;
  method?: AttemptRow["method"] | null;
  outcome?: AttemptOutcome | null;
  pattern?: AttemptRow["pattern"] | null;
  /** Inclusive lower / exclusive upper bound on the attempt's start. */
  from?: Date | string | null;
  to?: Date | string | null;
}

const cursorOf = (r: { started_at: string; attempt_id: string }) => encodeCursor(r.started_at, r.attempt_id);

/** The user's attempts newest first, as a keyset-paginated connection (index attempts_user_newest). */
export async function getUserTimeline(
  db: ReadDb,
  userId: string,
  options: TimelineOptions = {},
): Promise<Connection<AttemptView>> {
  return keysetPage<AttemptRow>(
    db,
    options,
    (after, fetch) => ({
      text: `SELECT to_jsonb(t) AS r FROM ${schemaOf(db)}.attempts t
       WHERE user_id = $1
         AND ($2::timestamptz IS NULL OR (started_at, attempt_id) < ($2::timestamptz, $3::text))
         AND ($4::text IS NULL OR method = $4)
         AND ($5::text IS NULL OR outcome = $5)
         AND ($6::text IS NULL OR pattern = $6)
         AND ($7::timestamptz IS NULL OR started_at >= $7)
         AND ($8::timestamptz IS NULL OR started_at < $8)
       ORDER BY started_at DESC, attempt_id DESC
       LIMIT $9`,
      values: [
        userId,
        after.at,
        after.key,
        options.method ?? null,
        options.outcome ?? null,
        options.pattern ?? null,
        isoOrNull(options.from),
        isoOrNull(options.to),
        fetch,
      ],
    }),
    cursorOf,
  );
}

/**
 * One attempt with its diagnosis, context and SMS state; null when unknown. Attempt ids are unique
 * per user only: without `userId`, the first recorded attempt with that id.
 */
export async function getAttempt(
  db: ReadDb,
  attemptId: string,
  userId?: string,
): Promise<AttemptView | null> {
  const res = await db.query<{ r: AttemptRow }>(
    `SELECT to_jsonb(t) AS r FROM ${schemaOf(db)}.attempts t
     WHERE attempt_id = $1 AND ($2::text IS NULL OR user_id = $2)
     ORDER BY first_position LIMIT 1`,
    [attemptId, userId ?? null],
  );
  return res.rows[0] ? camelize(res.rows[0].r) : null;
}
