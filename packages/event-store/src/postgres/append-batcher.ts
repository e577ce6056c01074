import { isUnavailableError } from "../errors";
import { mapPgError } from "./map-error";
import type { PgContext } from "./pg-context";

/** What the fast path answers for one append: its result, or null to take the slow path. */
export interface FastResult {
  o_status: "ok";
  o_revision: string;
  o_position: string;
}
export type FastAppend = (streamId: string, expected: number, payload: string) => Promise<FastResult | null>;
/** n >= 0: that revision; -1: no stream; null: any (as `append_to_stream`'s p_expected). */
export type Expected = number | null;

interface Pending {
  streamId: string;
  expected: Expected;
  payload: string;
  count: number;
  resolve(r: FastResult | null): void;
  reject(e: unknown): void;
}

/** Positions pack 16 bits of index per transaction (see postgres-event-store.ts). */
const MAX_EVENTS_PER_TRANSACTION = 65_536;

const isNumeric = (e: Expected): e is number => e !== null && e >= 0;

/**
 * Group commit in the application: appends that arrive while `maxInFlight` statements are already
 * running wait and go together in the next statement: one round trip, one transaction, one WAL
 * flush for all of them. Under low load an append is sent at once (no added latency). Each append
 * keeps its own check, with the semantics of `append_to_stream` (see `batchStatement` below): an append
 * whose check fails is simply not applied and takes the slow path, which reports it exactly. All of
 * a batch commit together, and an append is answered only after its batch committed.
 * A stream is in at most one batch at a time (no lock-order deadlock between our own batches). A
 * numeric append to a stream already queued or in a running batch is sent alone at once, as
 * without batching (it locks one row only, so it cannot deadlock with a batch); an "any" or
 * "no_stream" one waits in the queue for the next batch without that stream (arrival order).
 * A batch that fails as a whole for any reason but unavailability (a unique violation: an event id
 * already stored, a retry or another stream's id; a deadlock with another process; data one append
 * holds that the store refuses, such as U+0000 in a jsonb string) is replayed append by append:
 * numeric ones through `single`, the others through the caller's slow path (null), which sort each
 * out, so an append fails only for its own reason. Unavailability (a timeout, a lost connection)
 * fails the whole batch: replaying it would only wait again.
 */
export function createAppendBatcher(
  ctx: PgContext,
  single: FastAppend,
  opts: { maxInFlight: number; maxAppends: number },
) {
  let queue: Pending[] = [];
  let inFlight = 0;
  const busy = new Set<string>();
  const statement = batchStatement(ctx);

  /** null: replay one by one (the statement failed, and not because the store is unavailable). */
  const runBatch = (batch: Pending[]) =>
    ctx.call("appendToStream", async () => {
      const payload = `[${batch.map((p) => `{"s":${JSON.stringify(p.streamId)},"e":${p.expected},"v":${p.payload}}`).join(",")}]`;
      try {
        const res = await statement(payload);
        return new Map(res.rows.map((r) => [r.stream_id, r]));
      } catch (e) {
        // A deadlock is replayed (each append alone cannot deadlock with another batch); other
        // unavailability fails the whole batch; anything else may be one append's own fault.
        if ((e as { code?: unknown }).code === "40P01") return null;
        if (isUnavailableError(mapPgError(e, "appendToStream"))) throw e;
        return null;
      }
    });

  const settleOne = (p: Pending): Promise<void> => {
    if (!isNumeric(p.expected)) {
      p.resolve(null);
      return Promise.resolve();
    }
    return single(p.streamId, p.expected, p.payload).then(p.resolve, p.reject);
  };

  async function run(batch: Pending[]): Promise<void> {
    if (batch.length === 1 && isNumeric(batch[0]!.expected)) return settleOne(batch[0]!);
    let rows: Awaited<ReturnType<typeof runBatch>>;
    try {
      rows = await runBatch(batch);
    } catch (e) {
      for (const p of batch) p.reject(e);
      return;
    }
    if (rows === null) {
      await Promise.all(batch.map(settleOne));
      return;
    }
    for (const p of batch) {
      const r = rows.get(p.streamId);
      p.resolve(r ? { o_status: "ok", o_revision: r.revision, o_position: r.position } : null);
    }
  }

  /** The next batch: queued appends in arrival order, one per stream, none of a busy stream. */
  function take(): Pending[] {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const names = new Set<string>();
    let events = 0;
    for (const p of queue) {
      const fits = batch.length === 0 || events + p.count <= MAX_EVENTS_PER_TRANSACTION;
      if (batch.length < opts.maxAppends && fits && !busy.has(p.streamId) && !names.has(p.streamId)) {
        batch.push(p);
        names.add(p.streamId);
        events += p.count;
      } else rest.push(p);
    }
    queue = rest;
    for (const name of names) busy.add(name);
    return batch;
  }

  function pump(): void {
    while (inFlight < opts.maxInFlight && queue.length > 0) {
      const batch = take();
      // Every queued stream is busy: the batch holding it pumps again when it ends.
      if (batch.length === 0) return;
      inFlight++;
      void run(batch).finally(() => {
        inFlight--;
        for (const p of batch) busy.delete(p.streamId);
        pump();
      });
    }
  }

  return {
    append(streamId: string, expected: Expected, payload: string, count: number): Promise<FastResult | null> {
      if (!isNumeric(expected) && opts.maxAppends <= 1) return Promise.resolve(null); // batching off
      if (isNumeric(expected) && (busy.has(streamId) || queue.some((p) => p.streamId === streamId))) {
        return single(streamId, expected, payload);
      }
      return new Promise((resolve, reject) => {
        queue.push({ streamId, expected, payload, count, resolve, reject });
        pump();
      });
    },
  };
}

/**
 * One statement for a whole batch (`$1`: `[{s: stream, e: expected, v: events}]`, one entry per
 * stream). Each entry is applied only if its check passes, else it is left out and answered null:
 * - numeric n: the stream row is bumped only if it is at n (as the fast path);
 * - "any": an existing row is bumped by n, a missing one created at n - 1; the new revision gives
 *   the base of its events (consecutive revisions);
 * - "no_stream" (-1): the row is created only if it does not exist (or bumped if at -1: a row left
 *   by an erased append, as the slow path does); any other is left to the slow path (`concurrency`).
 * Positions: `(xid << 16) + offset of the event in the batch`, as every append.
 *
 * Locks and order. Rows are locked in batch order; our own batches never share a stream, so they
 * cannot deadlock with each other; a deadlock with another process (40P01) fails the statement,
 * which is replayed append by append. An existing "any" row is locked with SKIP LOCKED and a
 * missing one created with ON CONFLICT DO NOTHING rather than an upsert that waits: the
 * transaction's id (hence its positions) is taken at its first row lock, so an "any" append that
 * waited for another writer of its stream and then applied on top of it could get lower positions
 * than the events it follows (readAll order != stream order). So no entry here ever applies after
 * waiting for another writer: a numeric check waits and then fails (the row moved), a creation
 * waits and then does nothing, a held "any" row is skipped; each such append takes the slow path.
 * Nor on top of a writer that committed after this statement's snapshot: the batch's id may date
 * from its first stream, before that writer took its own, and SKIP LOCKED would still lock the
 * newer row version without waiting. So an "any" row is bumped only while its revision is the one
 * of the snapshot (the `(stream_id, revision) IN held` check, re-evaluated on the newest version).
 * append-order.int.test.ts counts the inversions either gap caused.
 */
function batchStatement({ schema, q }: PgContext) {
  return (payload: string) =>
    q<{ stream_id: string; position: string; revision: string }>(
      "append_batch",
      `WITH b AS (
         SELECT x.ord AS k, x.a->>'s' AS stream_id, (x.a->>'e')::bigint AS expected, x.a->'v' AS evs,
                jsonb_array_length(x.a->'v') AS n,
                (sum(jsonb_array_length(x.a->'v')) OVER (ORDER BY x.ord))::bigint
                  - jsonb_array_length(x.a->'v') AS off
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(a, ord)
       ), held AS MATERIALIZED (
         SELECT st.stream_id, st.revision FROM ${schema}.streams st JOIN b ON st.stream_id = b.stream_id
          WHERE b.expected IS NULL ORDER BY b.k FOR UPDATE OF st SKIP LOCKED
       ), bumped AS (
         UPDATE ${schema}.streams st SET revision = st.revision + b.n
           FROM b WHERE st.stream_id = b.stream_id
            AND (st.revision = b.expected
                 OR (b.expected IS NULL AND (st.stream_id, st.revision) IN (SELECT stream_id, revision FROM held)))
         RETURNING b.k, st.revision - b.n AS base
       ), created AS (
         INSERT INTO ${schema}.streams (stream_id, revision)
         SELECT b.stream_id, b.n - 1 FROM b
          WHERE (b.expected IS NULL OR b.expected = -1)
            AND NOT EXISTS (SELECT 1 FROM ${schema}.streams st WHERE st.stream_id = b.stream_id)
          ORDER BY b.k
         ON CONFLICT (stream_id) DO NOTHING
         RETURNING stream_id
       ), s AS (
         SELECT k, base FROM bumped
         UNION ALL SELECT b.k, -1 FROM created JOIN b USING (stream_id)
       ), ins AS (
         INSERT INTO ${schema}.events (position, stream_id, revision, event_id, type, data, metadata)
         SELECT ((pg_current_xact_id()::text::bigint) << 16) + b.off + e.ord - 1, b.stream_id,
                s.base + e.ord, (e.v->>'id')::uuid, e.v->>'type', e.v->'data',
                COALESCE(e.v->'metadata', '{}'::jsonb)
           FROM s JOIN b USING (k), jsonb_array_elements(b.evs) WITH ORDINALITY AS e(v, ord)
         RETURNING stream_id, position, revision
       )
       SELECT stream_id, max(position)::text AS position, max(revision)::text AS revision
         FROM ins GROUP BY stream_id`,
      [payload],
    );
}
