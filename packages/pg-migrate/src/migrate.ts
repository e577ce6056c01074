/**
 * One runner for numbered, forward-only SQL migrations into a schema chosen at run time.
 * Bookkeeping: `<schema>.schema_migrations (version, name, applied_at)`. Concurrent starters are
 * safe: the whole run holds a session advisory lock, so a second starter waits and then finds
 * nothing left to apply. Each migration runs in its own transaction together with its row.
 */
import type pg from "pg";
import { PgMigrateError } from "./errors";

export interface Migration {
  version: number;
  name: string;
  /** `{{schema}}` is replaced by the quoted schema name. */
  sql: string;
}

export interface MigrateOptions {
  /** Plain lower-case identifier; created if missing. */
  schema: string;
  migrations: readonly Migration[];
  /**
   * Advisory lock key: a string is hashed with `hashtext`, a number is used as the bigint key.
   * Default `factorlens.pg-migrate:<schema>`. Keep a caller's historical key so that old and new
   * versions starting together still exclude each other.
   */
  lockKey?: string | number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export const assertSchemaName = (schema: string): string => {
  if (!SCHEMA_NAME.test(schema)) {
    throw new PgMigrateError("invalid_schema_name", `schema name must match ${SCHEMA_NAME.source}`);
  }
  return schema;
};

const inOrder = (migrations: readonly Migration[]): Migration[] => {
  const seen = new Set<number>();
  for (const m of migrations) {
    if (!Number.isSafeInteger(m.version) || m.version < 1 || seen.has(m.version)) {
      throw new PgMigrateError("invalid_migrations", `invalid or repeated migration version ${m.version}`);
    }
    seen.add(m.version);
  }
  return [...migrations].sort((a, b) => a.version - b.version);
};

/** Applies the migrations the schema has not recorded; returns their versions, in order. */
export async function migrate(pool: pg.Pool, options: MigrateOptions): Promise<number[]> {
  const schema = assertSchemaName(options.schema);
  const pending = inOrder(options.migrations);
  const q = `"${schema}"`;
  const key = options.lockKey ?? `factorlens.pg-migrate:${schema}`;
  const [lock, unlock] =
    typeof key === "number"
      ? ["SELECT pg_advisory_lock($1::bigint)", "SELECT pg_advisory_unlock($1::bigint)"]
      : ["SELECT pg_advisory_lock(hashtext($1))", "SELECT pg_advisory_unlock(hashtext($1))"];
  const applied: number[] = [];
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(lock, [key]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${q}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${q}.schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const done = await client.query<{ version: number }>(`SELECT version FROM ${q}.schema_migrations`);
      const have = new Set(done.rows.map((r) => r.version));
      for (const m of pending) {
        if (have.has(m.version)) continue;
        await applyOne(client, q, m);
        applied.push(m.version);
      }
    } finally {
      // A session lock outlives a failed unlock: then the connection is destroyed, not pooled.
      await client.query(unlock, [key]).catch((e: unknown) => {
        broken = e instanceof Error ? e : new Error(String(e));
      });
    }
  } catch (e) {
    broken ??= e instanceof Error ? e : new Error(String(e));
    throw e;
  } finally {
    client.release(broken);
  }
  return applied;
}

async function applyOne(client: pg.PoolClient, q: string, m: Migration): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query(m.sql.replaceAll("{{schema}}", q));
    await client.query(`INSERT INTO ${q}.schema_migrations (version, name) VALUES ($1, $2)`, [
      m.version,
      m.name,
    ]);
    await client.query("COMMIT");
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw new PgMigrateError("migration_failed", `migration ${m.version} (${m.name}) failed`, {
      cause: e,
      migration: { version: m.version, name: m.name },
    });
  }
}
