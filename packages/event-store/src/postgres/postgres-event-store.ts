/**
 * PostgreSQL EventStore adapter.
 *
 * ## Why `position = (transaction_id << 16) | index`
 * A bigserial position is allocated when a row is inserted, not when its transaction commits: a
 * transaction can take position 9 and commit after another one took 10 and committed. A reader
 * that returned 10 and remembered "after 10" would skip 9 for good (the in-flight problem).
 * The Marten/Emmett fix is to return only rows written by transactions older than the snapshot's
 * xmin (`transaction_id < pg_snapshot_xmin(pg_current_snapshot())`): every such transaction has
 * finished, and every transaction that can still write has an id >= xmin. So the visible set only
 * ever grows by rows whose transaction id is >= any id seen before - ordering by
 * (transaction_id, position) is stable and extend-only. But ordering by a bigserial position
 * alone is NOT safe even with that filter (xid 100 may insert after xid 101 and get the higher
 * position), and the port's checkpoint is one bigint. Hence the position IS the pair
 * (transaction_id, index in the append) packed in one bigint: 48 bits of xid8 (2^47 transactions,
 * centuries at 10k appends/s) and 16 bits of index (an append holds at most 65,536 events). Order
 * by position == order by (transaction_id, index), and readAll's filter becomes a plain range on
 * the primary key: `position > $from AND position < (xmin << 16)`.
 * Cost: a transaction that stays open anywhere on the cluster (xids are cluster-wide) holds back
 * readAll/subscriptions until it ends (latency, never a gap); statement timeouts bound ours.
 */
import pg from "pg";
import { EventStoreError } from "../errors";
import type { AppendResult, EventStore } from "../port";
import { createChangeSignal, runSubscription } from "../shared/subscribe-loop";
import { validateAppend } from "../shared/validate";
import { withTimeout } from "../shared/with-timeout";
import { createPostgresSnapshots } from "../snapshots/postgres-snapshots";
import { createAfterCommitNotifier } from "./after-commit-notifier";
import { createAppendBatcher, type FastAppend } from "./append-batcher";
import { createNotifyListener } from "./listener";
import { mapPgError } from "./map-error";
import { assertIdentifier, migrate } from "./migrations";
import type { PgContext } from "./pg-context";
import { createPostgresCheckpoints } from "./postgres-checkpoints";
import { COLUMNS, type EventRow, type EventTuple, MAX_REVISION, toEvent, tupleToEvent } from "./rows";

/** Tries of the function path; a retry only follows the codes below (see slowPath). */
const SLOW_PATH_ATTEMPTS = 5;
const RETRIED_CODES = new Set(["23505", "40001", "40P01"]);
/** The SQLSTATE of the driver error a port error wraps (mapPgError wraps every retried code). */
const pgCode = (e: unknown): unknown => ((e as EventStoreError).details?.cause as { code?: unknown })?.code;

export interface PostgresEventStoreOptions {
  /** A pool you own (not closed by `close()`), or a connection string (the store owns its pool). */
  pool?: pg.Pool;
  connectionString?: string;
  /** Size of the store's own pool when given a connection string. Default 20. */
  poolSize?: number;
  /** Default "eventstore". */
  schema?: string;
  /** LISTEN/NOTIFY channel; default `<schema>_events`. null disables NOTIFY (polling only). */
  notifyChannel?: string | null;
  /**
   * "after-commit" (default): the store sends one coalesced `pg_notify` after its appends commit
   * (at most one in flight). "in-transaction": `pg_notify` inside every append; simple, but
   * PostgreSQL serialises the commits of notifying transactions on a global lock, which halves
   * append throughput under concurrency (see the bench). Either way polling covers lost wake-ups.
   */
  notifyMode?: "after-commit" | "in-transaction";
  /**
   * "after-commit" only: at least this long between two notifications; appends committing
   * meanwhile share the next one. The first append after a quiet spell notifies at once. Each
   * notification is a transaction and a round trip, so under load this spares about one per
   * append, for at most this much extra delay to other processes' subscribers. Default 5 ms.
   */
  notifyMinIntervalMs?: number;
  /** Polling fallback of live subscriptions. Default 1000 ms. */
  pollIntervalMs?: number;
  /** Bound of every call (connect + query). Default 5000 ms. */
  callTimeoutMs?: number;
  /**
   * Appends (whatever their expected revision) run as at most this many statements at once; the ones
   * arriving meanwhile go together in the next statement (one transaction, one WAL flush).
   * Default 4. See append-batcher.ts.
   */
  appendsInFlight?: number;
  /** Most appends in one statement. Default 64; 1 disables batching. */
  maxAppendsPerBatch?: number;
  /** Run migrations on creation. Default true. */
  migrate?: boolean;
}

export async function createPostgresEventStore(options: PostgresEventStoreOptions): Promise<EventStore> {
  const schemaName = assertIdentifier(options.schema ?? "eventstore", "schema");
  /** Quoted in SQL: a valid name may still be a keyword ("order", "user"). */
  const schema = `"${schemaName}"`;
  const channel =
    options.notifyChannel === null
      ? null
      : assertIdentifier(options.notifyChannel ?? `${schemaName}_events`, "notifyChannel");
  const timeoutMs = options.callTimeoutMs ?? 5_000;
  const pollMs = options.pollIntervalMs ?? 1_000;
  const ownsPool = !options.pool;
  const pool =
    options.pool ??
    new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 20,
      connectionTimeoutMillis: timeoutMs,
      query_timeout: timeoutMs,
      statement_timeout: timeoutMs,
      idle_in_transaction_session_timeout: timeoutMs,
    });
  if (ownsPool) pool.on("error", () => {}); // idle client errors surface on the next call instead

  /** Every call: bounded by our timer as well as the driver's, errors mapped to the port's. */
  const call = <T>(what: string, run: () => Promise<T>): Promise<T> =>
    withTimeout(timeoutMs, what, run).catch((e: unknown) => {
      throw mapPgError(e, what);
    });
  const q = <R extends pg.QueryResultRow>(name: string, text: string, values: unknown[]) =>
    pool.query<R>({ name: `es_${schemaName}_${name}`, text, values });
  const ctx: PgContext = { schema, call, q };

  if (options.migrate !== false) await call("migrate", () => migrate(pool, schemaName));

  const listener = channel ? createNotifyListener(pool, channel) : null;
  const changes = listener?.changes ?? createChangeSignal();
  const inTransactionChannel = options.notifyMode === "in-transaction" ? channel : null;
  const notifier = createAfterCommitNotifier(
    ctx,
    channel && !inTransactionChannel ? channel : null,
    options.notifyMinIntervalMs ?? 5,
  );
  const notifyAfterCommit = () => {
    changes.bump(); // subscribers of this process
    notifier.notify();
  };
  let closed = false;

  /**
   * The hot path, one plain statement: bump the stream row if it is at the expected revision (the
   * row lock serialises concurrent appenders; a loser re-checks and matches nothing) and insert
   * the events. Any other outcome (no row: wrong revision, unknown stream, or a retried append;
   * a unique violation: an event id already stored) goes through `append_to_stream`, which sorts
   * out idempotency and reports the actual revision. Returns null to take that path.
   */
  const fastAppend: FastAppend = (streamId, expected, payload) =>
    call("appendToStream", async () => {
      try {
        const res = await q<{ position: string; revision: string }>(
          "append_fast",
          `WITH s AS (
             UPDATE ${schema}.streams SET revision = revision + jsonb_array_length($3::jsonb)
              WHERE stream_id = $1 AND revision = $2
             RETURNING revision - jsonb_array_length($3::jsonb) AS base)
           INSERT INTO ${schema}.events (position, stream_id, revision, event_id, type, data, metadata)
           SELECT ((pg_current_xact_id()::text::bigint) << 16) + x.ord - 1, $1, s.base + x.ord,
                  (x.e->>'id')::uuid, x.e->>'type', x.e->'data', COALESCE(x.e->'metadata', '{}'::jsonb)
             FROM s, jsonb_array_elements($3::jsonb) WITH ORDINALITY AS x(e, ord)
           RETURNING position, revision`,
          [streamId, expected, payload],
        );
        const last = res.rows.reduce<{ position: string; revision: string } | undefined>(
          (a, r) => (a === undefined || BigInt(r.position) > BigInt(a.position) ? r : a),
          undefined,
        );
        return last
          ? { o_status: "ok" as const, o_revision: last.revision, o_position: last.position }
          : null;
      } catch (e) {
        if ((e as { code?: unknown }).code === "23505") return null;
        throw e;
      }
    });

  const batcher = createAppendBatcher(ctx, fastAppend, {
    maxInFlight: options.appendsInFlight ?? 4,
    maxAppends: options.maxAppendsPerBatch ?? 64,
  });

  const readAll: EventStore["readAll"] = (opts = {}) =>
    call("readAll", async () => {
      const res = await pool.query<EventTuple>({
        name: `es_${schemaName}_read_all`,
        rowMode: "array",
        text: `SELECT position, stream_id, revision::int, event_id, type, data, metadata,
                      (extract(epoch FROM recorded_at) * 1000)::float8
                 FROM ${schema}.events
          WHERE position > $1 AND position < ((pg_snapshot_xmin(pg_current_snapshot())::text::bigint) << 16)
          ORDER BY position LIMIT $2`,
        values: [(opts.fromPosition ?? -1n).toString(), opts.maxCount ?? null],
      });
      return res.rows.map(tupleToEvent);
    });

  /**
   * Events after `from` exist although readAll returned none: held back by an older open
   * transaction, or committed since. Deliberately not compared with the horizon (see
   * runSubscription); a primary-key probe.
   */
  const heldBack = (from: bigint | undefined) =>
    call("readAll", async () => {
      const res = await q<{ held: boolean }>(
        "held_back",
        `SELECT EXISTS (SELECT 1 FROM ${schema}.events WHERE position > $1) AS held`,
        [(from ?? -1n).toString()],
      );
      return res.rows[0]!.held;
    });

  const checkpoints = createPostgresCheckpoints(ctx);

  const store: EventStore = {
    async appendToStream(streamId, events, { expectedRevision }) {
      validateAppend(streamId, events, expectedRevision);
      const expected =
        expectedRevision === "any" ? null : expectedRevision === "no_stream" ? -1 : expectedRevision;
      const payload = JSON.stringify(
        events.map((e) => ({ id: e.id, type: e.type, data: e.data, metadata: e.metadata ?? {} })),
      );
      type Row = { o_status: string; o_revision: string; o_position: string | null };
      const viaFunction = () =>
        call("appendToStream", async () => {
          const res = await q<Row>(
            "append",
            `SELECT o_status, o_revision, o_position FROM ${schema}.append_to_stream($1, $2, $3, $4)`,
            [streamId, expected, payload, inTransactionChannel],
          );
          return res.rows[0]!;
        });
      // Asked again in a new transaction after a unique violation on event_id (a concurrent twin
      // stored these ids first: the answer is now the idempotent result or the conflict), a
      // 40001 from the function's stream-order guard (migration 4), or a deadlock (40P01: say a
      // batch holding this stream's row waits for an event id this append is inserting).
      const slowPath = async (): Promise<Row> => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await viaFunction();
          } catch (e) {
            const code = pgCode(e);
            if (attempt >= SLOW_PATH_ATTEMPTS || !RETRIED_CODES.has(code as string)) throw e;
          }
        }
      };
      const row = await (inTransactionChannel
        ? slowPath()
        : batcher.append(streamId, expected, payload, events.length).then((r) => r ?? slowPath())
      ).catch((e: unknown) => {
        // Data of this append the store refused (say U+0000 in a string): say whose it is.
        if (e instanceof EventStoreError && e.code === "invalid_argument" && !e.details.streamId)
          throw new EventStoreError("invalid_argument", `${e.message}: stream ${streamId}`, {
            streamId,
            cause: e.details.cause,
          });
        throw e;
      });
      if (row.o_status === "ok") notifyAfterCommit();
      const revision = Number(row.o_revision);
      if (row.o_status === "ok" || row.o_status === "idempotent") {
        return { nextExpectedRevision: revision, position: BigInt(row.o_position!) } satisfies AppendResult;
      }
      if (row.o_status === "concurrency") {
        const actual = revision < 0 ? null : revision;
        throw new EventStoreError("concurrency", `stream ${streamId} is at revision ${actual ?? "none"}`, {
          streamId,
          expectedRevision,
          actualRevision: actual,
        });
      }
      throw new EventStoreError("idempotency_conflict", "event id already stored with other content", {
        streamId,
      });
    },

    readStream: (streamId, opts = {}) =>
      call("readStream", async () => {
        const backwards = opts.direction === "backwards";
        const res = backwards
          ? await q<EventRow>(
              "read_stream_bw",
              `SELECT ${COLUMNS} FROM ${schema}.events WHERE stream_id = $1 AND revision <= $2
                ORDER BY revision DESC LIMIT $3`,
              [streamId, opts.fromRevision ?? MAX_REVISION, opts.maxCount ?? null],
            )
          : await q<EventRow>(
              "read_stream_fw",
              `SELECT ${COLUMNS} FROM ${schema}.events WHERE stream_id = $1 AND revision >= $2
                ORDER BY revision LIMIT $3`,
              [streamId, opts.fromRevision ?? 0, opts.maxCount ?? null],
            );
        return res.rows.map(toEvent);
      }),

    streamRevision: (streamId) =>
      call("streamRevision", async () => {
        const res = await q<{ revision: string }>(
          "stream_revision",
          `SELECT revision FROM ${schema}.streams WHERE stream_id = $1`,
          [streamId],
        );
        const r = res.rows[0] ? Number(res.rows[0].revision) : -1;
        return r < 0 ? null : r;
      }),

    readAll,

    async subscribeToAll(opts, handler) {
      if (closed) throw new EventStoreError("unavailable", "event store is closed");
      await listener?.start();
      // Wake-ups: NOTIFY (when enabled) plus this poll, which also covers a dropped listener and
      // events held back by an older in-flight transaction.
      const poll = setInterval(() => changes.bump(), pollMs);
      try {
        await runSubscription(readAll, changes, opts, handler, heldBack);
      } finally {
        clearInterval(poll);
      }
    },

    deleteStream: (streamId) =>
      call("deleteStream", async () => {
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          await client.query(`DELETE FROM ${schema}.streams WHERE stream_id = $1`, [streamId]);
          await client.query(`DELETE FROM ${schema}.events WHERE stream_id = $1`, [streamId]);
          await client.query(`DELETE FROM ${schema}.snapshots WHERE stream_id = $1`, [streamId]);
          await client.query("COMMIT");
          client.release();
        } catch (e) {
          client.release(e as Error);
          throw e;
        }
      }),

    checkpoints,

    snapshots: createPostgresSnapshots(ctx),

    async close() {
      if (closed) return;
      closed = true;
      notifier.stop();
      await listener?.close();
      if (ownsPool) await pool.end();
    },
  };
  return store;
}
