import type { Queryable } from "../db";
import type { TableSpec } from "../tables";

/**
 * One multi-row upsert per table: rows go in as one JSON array parameter, expanded by
 * jsonb_populate_recordset into the table's own row type. Counter columns add up on conflict;
 * every other column takes the new value. Identifiers come from TABLES, never from input.
 */
export async function upsertRows(
  db: Queryable,
  schema: string,
  table: TableSpec,
  rows: readonly object[],
): Promise<void> {
  if (rows.length === 0) return;
  const first = rows[0] as Record<string, unknown>;
  const columns = Object.keys(first);
  const t = `${schema}.${table.name}`;
  const additive = new Set<string>(table.additive ?? []);
  const updates = columns
    .filter((c) => !table.key.includes(c))
    .map((c) => (additive.has(c) ? `${c} = ${t}.${c} + EXCLUDED.${c}` : `${c} = EXCLUDED.${c}`));
  const conflict = updates.length === 0 ? "DO NOTHING" : `DO UPDATE SET ${updates.join(", ")}`;
  const list = columns.join(", ");
  await db.query(
    `INSERT INTO ${t} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${t}, $1::jsonb) ON CONFLICT (${table.key.join(", ")}) ${conflict}`,
    [JSON.stringify(rows)],
  );
}

/** Rows loaded as JSON (timestamps as ISO strings), matching the row types of tables.ts. */
export async function selectRows<R>(db: Queryable, sql: string, values: unknown[]): Promise<R[]> {
  const res = await db.query<{ r: R }>(sql, values);
  return res.rows.map((x) => x.r);
}
