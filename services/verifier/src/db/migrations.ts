/**
 * The verifier's own schema (`verifier`) with numbered, forward-only migrations. Applied under an
 * advisory lock (@factorlens/pg-migrate) so several verifier instances starting together migrate once.
 */
import { type Migration, migrate } from "@factorlens/pg-migrate";
import type pg from "pg";

export const MIGRATIONS: readonly Migration[] = [
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
  {
    version: 4,
    name: "sms_challenges_expiry",
    // the hourly retention purge finds expired challenges by this index, not by a table scan
    sql: "CREATE INDEX sms_challenges_expiry ON verifier.sms_challenges (expires_at);",
  },
  {
    version: 5,
    name: "shared_rate_limit_counts",
    // one row per instance and key in a rate-limit window; see db/rate-limit-exchange.ts
    sql: `
      CREATE UNLOGGED TABLE verifier.rate_limit_counts (
        scope    text NOT NULL,
        win      bigint NOT NULL,
        key      text NOT NULL,
        instance text NOT NULL,
        hits     int NOT NULL,
        PRIMARY KEY (scope, win, key, instance)
      );`,
  },
  {
    version: 6,
    name: "sms_guard",
    // the SMS guard's shared counts and blocks; see db/sms-guard-store.ts
    sql: `
      CREATE UNLOGGED TABLE verifier.sms_guard_sends (
        challenge_id text PRIMARY KEY,
        prefix       text NOT NULL,
        sent_at      timestamptz NOT NULL,
        passed_at    timestamptz
      );
      CREATE INDEX sms_guard_sends_prefix ON verifier.sms_guard_sends (prefix, sent_at);
      CREATE INDEX sms_guard_sends_age ON verifier.sms_guard_sends (sent_at);
      CREATE TABLE verifier.sms_guard_blocks (
        prefix        text PRIMARY KEY,
        blocked_at    timestamptz NOT NULL,
        refused_until timestamptz NOT NULL,
        lifted_at     timestamptz
      );`,
  },
  {
    version: 7,
    name: "ip_throttle",
    // the IP throttle's shared failures and cool-downs; see db/ip-throttle-store.ts
    sql: `
      CREATE UNLOGGED TABLE verifier.ip_failures (
        network   text NOT NULL,
        user_id   text NOT NULL,
        failed_at timestamptz NOT NULL,
        PRIMARY KEY (network, user_id)
      );
      CREATE INDEX ip_failures_age ON verifier.ip_failures (failed_at);
      CREATE UNLOGGED TABLE verifier.ip_throttles (
        network        text PRIMARY KEY,
        throttled_until timestamptz NOT NULL
      );`,
  },
];

const LOCK_KEY = 0x7665726966; // "verif", the key every verifier version has used

export async function migrateVerifierSchema(pool: pg.Pool): Promise<void> {
  await migrate(pool, { schema: "verifier", migrations: MIGRATIONS, lockKey: LOCK_KEY });
}
