import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { assertSchemaName, DEFAULT_SCHEMA } from "./db";
import { ReadModelsError } from "./errors";

const MIGRATIONS_DIR = fileURLToPath(new URL("../migrations/", import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The numbered, forward-only migrations (`NNNN_name.sql`), in order. */
export const loadMigrations = (): Migration[] =>
  readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: readFileSync(MIGRATIONS_DIR + file, "utf8"),
    }));

/**
 * Creates the schema if needed and applies the migrations it has not seen, each in its own
 * transaction, all under a transaction-level advisory lock keyed by the schema name, so
 * concurrent projectors (or a projector and a rebuild) never apply one twice.
 */
export async function migrate(
  pool: pg.Pool,
  options: { schema?: string } = {},
): Promise<{ applied: number[] }> {
  const schema = assertSchemaName(options.schema ?? DEFAULT_SCHEMA);
  const q = `"${schema}"`;
  const applied: number[] = [];
  const client = await pool.connect();
  try {
    for (const m of loadMigrations()) {
      await client.query("BEGIN");
      try {
        await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [
          `factorlens.read_models:${schema}`,
        ]);
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${q}`);
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${q}.schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
        );
        const seen = await client.query(`SELECT 1 FROM ${q}.schema_migrations WHERE version = $1`, [
          m.version,
        ]);
        if (seen.rowCount === 0) {
          await client.query(m.sql.replaceAll("{{schema}}", q));
          await client.query(`INSERT INTO ${q}.schema_migrations (version, name) VALUES ($1, $2)`, [
            m.version,
            m.name,
          ]);
          applied.push(m.version);
        }
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK");
        throw new ReadModelsError(
          "migration_failed",
          `read-models migration ${m.version} (${m.name}) failed`,
          {
            cause: e,
          },
        );
      }
    }
  } finally {
    client.release();
  }
  return { applied };
}
