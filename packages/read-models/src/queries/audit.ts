import { type ReadDb, schemaOf } from "../db";
import type { SupportAuditRow } from "../tables";
import { type Camelize, type Connection, encodeCursor } from "./common";
import { keysetPage } from "./keyset-page";

export type AuditEntry = Camelize<SupportAuditRow>;

export interface AuditLogOptions {
  first?: number;
  after?: string | null;
  agentId?: string | null;
  userId?: string | null;
  kind?: SupportAuditRow["kind"] | null;
  from?: string | null;
  to?: string | null;
}

const cursorOf = (r: SupportAuditRow) => encodeCursor(r.occurred_at, r.position);

/** Every support lookup, action and change, newest first (admins). */
export async function getAuditLog(
  db: ReadDb,
  options: AuditLogOptions = {},
): Promise<Connection<AuditEntry>> {
  return keysetPage(
    db,
    options,
    (after, fetch) => ({
      text: `SELECT to_jsonb(t) AS r FROM ${schemaOf(db)}.support_audit t
       WHERE ($1::timestamptz IS NULL OR (occurred_at, position) < ($1::timestamptz, $2::bigint))
         AND ($3::text IS NULL OR agent_id = $3)
         AND ($4::text IS NULL OR user_id = $4)
         AND ($5::text IS NULL OR kind = $5)
         AND ($6::timestamptz IS NULL OR occurred_at >= $6)
         AND ($7::timestamptz IS NULL OR occurred_at < $7)
       ORDER BY occurred_at DESC, position DESC LIMIT $8`,
      values: [
        after.at,
        after.key,
        options.agentId ?? null,
        options.userId ?? null,
        options.kind ?? null,
        options.from ?? null,
        options.to ?? null,
        fetch,
      ],
    }),
    cursorOf,
  );
}

/** Who looked at this user and what support changed, newest first. */
export async function getSupportHistory(
  db: ReadDb,
  userId: string,
  options: { first?: number; after?: string | null } = {},
): Promise<Connection<AuditEntry>> {
  return getAuditLog(db, { ...options, userId });
}
