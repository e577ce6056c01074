import { type Queryable, schemaOf } from "../db";
import { PROJECTED_TABLES } from "../tables";

/**
 * Every projected table as ordered rows of JSON text: two schemas with equal dumps hold equal
 * read models (used to compare a crashed-and-restarted projection with a clean rebuild).
 */
export async function dumpTables(db: Queryable, schema: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of PROJECTED_TABLES) {
    const res = await db.query<{ r: string }>(
      `SELECT to_jsonb(t)::text AS r FROM ${schemaOf(schema)}.${table} t ORDER BY 1`,
    );
    out[table] = res.rows.map((x) => x.r);
  }
  return out;
}
