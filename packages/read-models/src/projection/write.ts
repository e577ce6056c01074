import type { Queryable } from "../db";
import type { AttemptRow, TableSpec } from "../tables";

/** The INSERT … ON CONFLICT of one table, its rows in parameter `$n`. */
const upsertSql = (schema: string, table: TableSpec, columns: string[], param: number): string => {
  const t = `${schema}.${table.name}`;
  const additive = new Set<string>(table.additive ?? []);
  const updates = columns
    .filter((c) => !table.key.includes(c))
    .map((c) => (additive.has(c) ? `${c} = ${t}.${c} + EXCLUDED.${c}` : `${c} = EXCLUDED.${c}`));
  const conflict = updates.length === 0 ? "DO NOTHING" : `DO UPDATE SET ${updates.join(", ")}`;
  const list = columns.join(", ");
  return `INSERT INTO ${t} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${t}, $${param}::jsonb) ON CONFLICT (${table.key.join(", ")}) ${conflict}`;
};

/**
 * Multi-row upserts: each table's rows go in as one JSON array parameter, expanded by
 * jsonb_populate_recordset into the table's own row type. Counter columns add up on conflict;
 * every other column takes the new value. All tables in ONE statement (data-modifying CTEs), so a
 * batch costs one round trip however many tables it touches. Identifiers come from TABLES only.
 */
export async function upsertMany(
  db: Queryable,
  schema: string,
  writes: readonly { table: TableSpec; rows: readonly object[] }[],
): Promise<void> {
  const parts: string[] = [];
  const values: string[] = [];
  for (const w of writes) {
    const first = w.rows[0] as Record<string, unknown> | undefined;
    if (!first) continue;
    values.push(JSON.stringify(w.rows));
    parts.push(upsertSql(schema, w.table, Object.keys(first), values.length));
  }
  if (parts.length === 0) return;
  if (parts.length === 1) {
    await db.query(parts[0]!, values);
    return;
  }
  await db.query(`WITH ${parts.map((p, i) => `w${i} AS (${p})`).join(", ")} SELECT 1`, values);
}

export async function upsertRows(
  db: Queryable,
  schema: string,
  table: TableSpec,
  rows: readonly object[],
): Promise<void> {
  await upsertMany(db, schema, [{ table, rows }]);
}

/** Rows loaded as JSON (timestamps as ISO strings), matching the row types of tables.ts. */
export async function selectRows<R>(db: Queryable, sql: string, values: unknown[]): Promise<R[]> {
  const res = await db.query<{ r: R }>(sql, values);
  return res.rows.map((x) => x.r);
}

/** The stored attempts with these (user, attempt id) keys, and those that sent these SMS challenges. */
export async function loadAttemptRows(
  db: Queryable,
  schema: string,
  keys: readonly { userId: string; attemptId: string }[],
  challengeIds: readonly string[],
): Promise<AttemptRow[]> {
  if (keys.length === 0 && challengeIds.length === 0) return [];
  return selectRows<AttemptRow>(
    db,
    `SELECT to_jsonb(t) AS r FROM ${schema}.attempts t
     WHERE (user_id, attempt_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
        OR challenge_id = ANY($3)`,
    [keys.map((k) => k.userId), keys.map((k) => k.attemptId), challengeIds],
  );
}
