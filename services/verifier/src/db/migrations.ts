/**
 * The verifier's own schema (`verifier`) with numbered, forward-only migrations. Applied under an
 * advisory lock so several verifier instances starting together migrate once.
 */
import type pg from "pg";

export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: "factor_secrets",
    sql: `
      CREATE TABLE verifier.factor_secrets (
        id          bigserial PRIMARY KEY,
        factor_id   text NOT NULL,
        user_id     text NOT NULL,
        key_id      text NOT NULL,
        iv          bytea NOT NULL,
        ciphertext  bytea NOT NULL,
        tag         bytea NOT NULL,
        created_at  timestamptz NOT NULL,
        retired_at  timestamptz
      );
      CREATE UNIQUE INDEX factor_secrets_active ON verifier.factor_secrets (factor_id) WHERE retired_at IS NULL;
      CREATE INDEX factor_secrets_user ON verifier.factor_secrets (user_id);
      CREATE INDEX factor_secrets_key ON verifier.factor_secrets (key_id);`,
  },
  {
    version: 2,
    name: "recovery_codes",
    sql: `
      CREATE TABLE verifier.recovery_code_sets (
        user_id    text NOT NULL,
        batch_id   text NOT NULL,
        salt       bytea NOT NULL,
        hashes     bytea[] NOT NULL,
        issued_at  timestamptz NOT NULL,
        PRIMARY KEY (user_id, batch_id)
      );`,
  },
  {
    version: 3,
    name: "sms_challenges",
    sql: `
      CREATE TABLE verifier.sms_challenges (
        challenge_id  text PRIMARY KEY,
        user_id       text NOT NULL,
        factor_id     text NOT NULL,
        code_mac      bytea NOT NULL,
        issued_at     timestamptz NOT NULL,
        expires_at    timestamptz NOT NULL,
        provider_message_id text
      );
      CREATE INDEX sms_challenges_user ON verifier.sms_challenges (user_id, issued_at DESC);
      CREATE INDEX sms_challenges_message ON verifier.sms_challenges (provider_message_id);`,
  },
];

const LOCK_KEY = 0x7665726966; // "verif"

export async function migrateVerifierSchema(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query("CREATE SCHEMA IF NOT EXISTS verifier");
    await client.query(
      "CREATE TABLE IF NOT EXISTS verifier.schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
    );
    const { rows } = await client.query<{ version: number }>(
      "SELECT version FROM verifier.schema_migrations",
    );
    const applied = new Set(rows.map((r) => r.version));
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query("INSERT INTO verifier.schema_migrations (version, name) VALUES ($1, $2)", [
          m.version,
          m.name,
        ]);
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK");
        throw e;
      }
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}
