/**
 * Numbered, forward-only migrations of the PostgreSQL event store. `{{schema}}` is replaced by the
 * configured schema name, which is validated as a plain identifier (never user input).
 * Applied by @factorlens/pg-migrate (advisory lock, one transaction per migration, tracked in
 * `schema_migrations`).
 */
import { isPgMigrateError, type Migration, migrate as runMigrations } from "@factorlens/pg-migrate";
import type pg from "pg";

export type { Migration };

export const migrations: Migration[] = [
  {
    version: 1,
    name: "streams_events_checkpoints",
    sql: `
CREATE TABLE {{schema}}.streams (
  stream_id text PRIMARY KEY,
  -- revision of the last event; -1 = no events (a row left by a failed or erased append)
  revision bigint NOT NULL
);

-- position = (transaction_id << 16) | index of the event in its append: see postgres-event-store.ts
CREATE TABLE {{schema}}.events (
  position bigint PRIMARY KEY,
  stream_id text NOT NULL,
  revision bigint NOT NULL,
  event_id uuid NOT NULL UNIQUE,
  type text NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL DEFAULT '{}',
  recorded_at timestamptz NOT NULL DEFAULT now(),
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  UNIQUE (stream_id, revision)
);

CREATE TABLE {{schema}}.checkpoints (
  subscriber_id text PRIMARY KEY,
  position bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);`,
  },
  {
    version: 2,
    name: "append_function",
    sql: `
-- One round trip per append: lock the stream row, check idempotency, check the expected revision,
-- insert, bump the stream, notify. p_expected: NULL = any, -1 = no stream, n >= 0 = revision n.
-- Returns o_status in ('ok', 'idempotent', 'concurrency', 'idempotency_conflict').
CREATE FUNCTION {{schema}}.append_to_stream(p_stream_id text, p_expected bigint, p_events jsonb, p_channel text)
RETURNS TABLE (o_status text, o_revision bigint, o_position bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_current bigint;
  v_count bigint := jsonb_array_length(p_events);
  v_matching bigint;
  v_base bigint;
BEGIN
  SELECT s.revision INTO v_current FROM {{schema}}.streams s WHERE s.stream_id = p_stream_id FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO {{schema}}.streams (stream_id, revision) VALUES (p_stream_id, -1) ON CONFLICT DO NOTHING;
    SELECT s.revision INTO v_current FROM {{schema}}.streams s WHERE s.stream_id = p_stream_id FOR UPDATE;
  END IF;

  -- Idempotency, checked under the stream lock so concurrent retries serialise.
  IF EXISTS (SELECT 1 FROM {{schema}}.events e
             WHERE e.event_id IN (SELECT (x->>'id')::uuid FROM jsonb_array_elements(p_events) x)) THEN
    SELECT count(*) INTO v_matching
      FROM jsonb_array_elements(p_events) x
      JOIN {{schema}}.events e ON e.event_id = (x->>'id')::uuid
     WHERE e.stream_id = p_stream_id AND e.type = x->>'type' AND e.data = x->'data';
    IF v_matching = v_count THEN
      RETURN QUERY SELECT 'idempotent'::text, e.revision, e.position FROM {{schema}}.events e
        WHERE e.event_id IN (SELECT (x->>'id')::uuid FROM jsonb_array_elements(p_events) x)
        ORDER BY e.revision DESC LIMIT 1;
    ELSE
      RETURN QUERY SELECT 'idempotency_conflict'::text, v_current, NULL::bigint;
    END IF;
    RETURN;
  END IF;

  IF p_expected IS NOT NULL AND p_expected <> v_current THEN
    RETURN QUERY SELECT 'concurrency'::text, v_current, NULL::bigint;
    RETURN;
  END IF;

  v_base := (pg_current_xact_id()::text::bigint) << 16;
  INSERT INTO {{schema}}.events (position, stream_id, revision, event_id, type, data, metadata)
  SELECT v_base + x.ord - 1, p_stream_id, v_current + x.ord, (x.e->>'id')::uuid, x.e->>'type',
         x.e->'data', COALESCE(x.e->'metadata', '{}'::jsonb)
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS x(e, ord);
  UPDATE {{schema}}.streams SET revision = v_current + v_count WHERE stream_id = p_stream_id;
  IF p_channel IS NOT NULL THEN
    PERFORM pg_notify(p_channel, '');
  END IF;
  RETURN QUERY SELECT 'ok'::text, v_current + v_count, v_base + v_count - 1;
END
$fn$;`,
  },
  {
    version: 3,
    name: "append_without_row_lock_roundtrip",
    sql: `
-- What a repeated append already stored: 'idempotent' (same ids in this stream with the same
-- type and data) with the original result, 'idempotency_conflict', or no row (none stored).
CREATE FUNCTION {{schema}}.stored_result(p_stream_id text, p_events jsonb)
RETURNS TABLE (o_status text, o_revision bigint, o_position bigint)
LANGUAGE sql STABLE AS $fn$
  WITH wanted AS (
    SELECT (x->>'id')::uuid AS id, x->>'type' AS type, x->'data' AS data FROM jsonb_array_elements(p_events) x
  ), found AS (
    SELECT e.revision, e.position, (e.stream_id = p_stream_id AND e.type = w.type AND e.data = w.data) AS same
      FROM wanted w JOIN {{schema}}.events e ON e.event_id = w.id
  )
  SELECT CASE WHEN bool_and(same) AND count(*) = (SELECT count(*) FROM wanted)
              THEN 'idempotent' ELSE 'idempotency_conflict' END,
         max(revision), (array_agg(position ORDER BY revision DESC))[1]
    FROM found HAVING count(*) > 0
$fn$;

-- v2 of the append: the expected-revision check and the stream bump are ONE conditional UPDATE
-- (it takes the row lock; a concurrent appender waits, then re-checks the new revision and
-- fails), a new stream is one INSERT .. ON CONFLICT. One stream write + one event insert.
-- The loop runs a second time only after a failed check: a concurrent identical retry may just
-- have committed (then the append is idempotent), or "any" may have lost a creation race.
CREATE OR REPLACE FUNCTION {{schema}}.append_to_stream(p_stream_id text, p_expected bigint, p_events jsonb, p_channel text)
RETURNS TABLE (o_status text, o_revision bigint, o_position bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_count bigint := jsonb_array_length(p_events);
  v_current bigint;
  v_status text;
  v_revision bigint;
  v_position bigint;
  v_base bigint;
BEGIN
  FOR attempt IN 1..2 LOOP
    SELECT r.o_status, r.o_revision, r.o_position INTO v_status, v_revision, v_position
      FROM {{schema}}.stored_result(p_stream_id, p_events) r;
    IF v_status IS NOT NULL THEN
      RETURN QUERY SELECT v_status, v_revision, v_position;
      RETURN;
    END IF;
    UPDATE {{schema}}.streams s SET revision = s.revision + v_count
     WHERE s.stream_id = p_stream_id AND (p_expected IS NULL OR s.revision = p_expected)
    RETURNING s.revision - v_count INTO v_current;
    IF v_current IS NULL AND (p_expected IS NULL OR p_expected = -1) THEN
      INSERT INTO {{schema}}.streams (stream_id, revision) VALUES (p_stream_id, v_count - 1)
      ON CONFLICT (stream_id) DO NOTHING
      RETURNING -1::bigint INTO v_current;
    END IF;
    EXIT WHEN v_current IS NOT NULL;
  END LOOP;

  IF v_current IS NULL THEN
    SELECT s.revision INTO v_revision FROM {{schema}}.streams s WHERE s.stream_id = p_stream_id;
    RETURN QUERY SELECT 'concurrency'::text, COALESCE(v_revision, -1), NULL::bigint;
    RETURN;
  END IF;

  v_base := (pg_current_xact_id()::text::bigint) << 16;
  INSERT INTO {{schema}}.events (position, stream_id, revision, event_id, type, data, metadata)
  SELECT v_base + x.ord - 1, p_stream_id, v_current + x.ord, (x.e->>'id')::uuid, x.e->>'type',
         x.e->'data', COALESCE(x.e->'metadata', '{}'::jsonb)
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS x(e, ord);
  IF p_channel IS NOT NULL THEN
    PERFORM pg_notify(p_channel, '');
  END IF;
  RETURN QUERY SELECT 'ok'::text, v_current + v_count, v_base + v_count - 1;
END
$fn$;`,
  },
  {
    version: 4,
    name: "append_any_in_stream_order",
    sql: `
-- v3 of the append. Positions come from the transaction id, so an append must get its id only
-- after the append it lands on has committed. A blocked UPDATE takes its id BEFORE it waits: with
-- two "any" appenders queued behind one writer, the younger could land first and the older one on
-- top of it with lower positions (readAll order != stream order). Even a blocked SELECT .. FOR
-- UPDATE takes it early once several sessions wait on one row (measured on 15 and 18), so "any"
-- first waits on a per-stream advisory lock, which takes no id (when the transaction has none yet):
-- "any" appends of this function to one stream never queue together on its row. The guard below
-- checks the result whatever the path: should the new events not follow the stream's last event
-- in position order (say the transaction already had an id from a lost creation race), the append
-- fails with 40001 and the caller retries it in a new transaction.
CREATE OR REPLACE FUNCTION {{schema}}.append_to_stream(p_stream_id text, p_expected bigint, p_events jsonb, p_channel text)
RETURNS TABLE (o_status text, o_revision bigint, o_position bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_count bigint := jsonb_array_length(p_events);
  v_current bigint;
  v_status text;
  v_revision bigint;
  v_position bigint;
  v_base bigint;
BEGIN
  FOR attempt IN 1..2 LOOP
    SELECT r.o_status, r.o_revision, r.o_position INTO v_status, v_revision, v_position
      FROM {{schema}}.stored_result(p_stream_id, p_events) r;
    IF v_status IS NOT NULL THEN
      RETURN QUERY SELECT v_status, v_revision, v_position;
      RETURN;
    END IF;
    IF p_expected IS NULL AND pg_current_xact_id_if_assigned() IS NULL THEN
      PERFORM pg_advisory_xact_lock(hashtext('{{schema}}'), hashtext(p_stream_id));
    END IF;
    UPDATE {{schema}}.streams s SET revision = s.revision + v_count
     WHERE s.stream_id = p_stream_id AND (p_expected IS NULL OR s.revision = p_expected)
    RETURNING s.revision - v_count INTO v_current;
    IF v_current IS NULL AND (p_expected IS NULL OR p_expected = -1) THEN
      INSERT INTO {{schema}}.streams (stream_id, revision) VALUES (p_stream_id, v_count - 1)
      ON CONFLICT (stream_id) DO NOTHING
      RETURNING -1::bigint INTO v_current;
    END IF;
    EXIT WHEN v_current IS NOT NULL;
  END LOOP;

  IF v_current IS NULL THEN
    SELECT s.revision INTO v_revision FROM {{schema}}.streams s WHERE s.stream_id = p_stream_id;
    RETURN QUERY SELECT 'concurrency'::text, COALESCE(v_revision, -1), NULL::bigint;
    RETURN;
  END IF;

  v_base := (pg_current_xact_id()::text::bigint) << 16;
  IF EXISTS (SELECT 1 FROM {{schema}}.events e
              WHERE e.stream_id = p_stream_id AND e.revision = v_current AND e.position >= v_base) THEN
    RAISE EXCEPTION 'append to % would precede its stream''s last event in position order', p_stream_id
      USING ERRCODE = '40001';
  END IF;
  INSERT INTO {{schema}}.events (position, stream_id, revision, event_id, type, data, metadata)
  SELECT v_base + x.ord - 1, p_stream_id, v_current + x.ord, (x.e->>'id')::uuid, x.e->>'type',
         x.e->'data', COALESCE(x.e->'metadata', '{}'::jsonb)
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS x(e, ord);
  IF p_channel IS NOT NULL THEN
    PERFORM pg_notify(p_channel, '');
  END IF;
  RETURN QUERY SELECT 'ok'::text, v_current + v_count, v_base + v_count - 1;
END
$fn$;`,
  },
  {
    version: 5,
    name: "state_snapshots",
    sql: `
-- Folded states of a stream (see snapshots/postgres-snapshots.ts): a cache of the fold, never the
-- truth. version = the reader's fold version (state shape + evolve + upcasters); event_id = the
-- event at revision, so a snapshot of an erased and re-created stream no longer matches. Rows of
-- an old version are left to a purge; deleteStream removes every version.
CREATE TABLE {{schema}}.snapshots (
  stream_id text NOT NULL,
  version text NOT NULL,
  revision bigint NOT NULL,
  event_id uuid NOT NULL,
  state jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (stream_id, version)
);`,
  },
];

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertIdentifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`${what} must match ${IDENTIFIER}: ${JSON.stringify(name)}`);
  return name;
}

/**
 * Applies pending migrations; safe to call from many processes at once. A failing migration's
 * driver error is rethrown as is (the store maps it to its own error).
 */
export async function migrate(pool: pg.Pool, schema = "eventstore"): Promise<number[]> {
  assertIdentifier(schema, "schema");
  try {
    return await runMigrations(pool, { schema, migrations, lockKey: `factorlens.event-store.${schema}` });
  } catch (e) {
    throw isPgMigrateError(e, "migration_failed") ? e.cause : e;
  }
}
