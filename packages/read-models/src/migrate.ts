import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isPgMigrateError, type Migration, migrate as runMigrations } from "@factorlens/pg-migrate";
import type pg from "pg";
import { assertSchemaName, DEFAULT_SCHEMA } from "./db";
import { ReadModelsError } from "./errors";

const MIGRATIONS_DIR = fileURLToPath(new URL("../migrations/", import.meta.url));

export type { Migration };

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
 * transaction, under an advisory lock keyed by the schema name (@factorlens/pg-migrate), so
 * concurrent projectors (or a projector and a rebuild) never apply one twice.
 */
export async function migrate(
  pool: pg.Pool,
  options: { schema?: string } = {},
): Promise<{ applied: number[] }> {
  const schema = assertSchemaName(options.schema ?? DEFAULT_SCHEMA);
  try {
    const applied = await runMigrations(pool, {
      schema,
      migrations: loadMigrations(),
      lockKey: `factorlens.read_models:${schema}`,
    });
    return { applied };
  } catch (e) {
    const m = isPgMigrateError(e, "migration_failed") ? e.migration : undefined;
    const what = m ? `migration ${m.version} (${m.name})` : "migrations";
    throw new ReadModelsError("migration_failed", `read-models ${what} failed`, {
      cause: m ? (e as Error).cause : e,
    });
  }
}
