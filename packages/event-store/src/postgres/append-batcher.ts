import type { PgContext } from "./pg-context";

/** What the fast path answers for one append: its result, or null to take the slow path. */
export interface FastResult {
  o_status: "ok";
  o_revision: string;
  o_position: string;
}
export type FastAppend = (streamId: string, expected: number, payload: string) => Promise<FastResult | null>;

interface Pending {
  streamId: string;
  expected: number;
  payload: string;
  count: number;
  resolve(r: FastResult | null): void;
  reject(e: unknown): void;
}

/** Positions pack 16 bits of index per transaction (see postgres-event-store.ts). */
const MAX_EVENTS_PER_TRANSACTION = 65_536;

/**
 * Group commit in the application: the fast appends (numeric expected revision) that arrive while
 * `maxInFlight` statements are already running wait and go together in the next statement: one
 * round trip, one transaction, one WAL flush for all of them. Under low load an append is sent at
 * once (no added latency). Each append keeps its own expected-revision check (a stream row that
 * does not match is simply not bumped, and that append takes the slow path); all of a batch commit
 * together, and an append is answered only after its batch committed.
 * A stream is in at most one batch at a time (no lock-order deadlock between our own batches); an
 * append to a stream already queued or in a running batch is sent alone at once, as without
 * batching (it locks one row only, so it cannot deadlock with a batch). A batch that fails as a
 * whole on a unique violation (an event id already stored) or a deadlock with another process is
 * replayed append by append through `single`, which sorts each out.
 */
export function createAppendBatcher(
  { schema, call, q }: PgContext,
  single: FastAppend,
  opts: { maxInFlight: number; maxAppends: number },
) {
  let queue: Pending[] = [];
  let inFlight = 0;
  const busy = new Set<string>();

  const batchStatement = (payload: string) =>
    q<{ stream_id: string; position: string; revision: string }>(
      "append_batch",
      `WITH b AS (
         SELECT x.ord AS k, x.a->>'s' AS stream_id, (x.a->>'e')::bigint AS expected, x.a->'v' AS evs,
                jsonb_array_length(x.a->'v') AS n,
                (sum(jsonb_array_length(x.a->'v')) OVER (ORDER BY x.ord))::bigint
                  - jsonb_array_length(x.a->'v') AS off
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(a, ord)
       ), s AS (
         UPDATE ${schema}.streams st SET revision = st.revision + b.n
           FROM b WHERE st.stream_id = b.stream_id AND st.revision = b.expected
         RETURNING b.k
       ), ins AS (
         INSERT INTO ${schema}.events (position, stream_id, revision, event_id, type, data, metadata)
         SELECT ((pg_current_xact_id()::text::bigint) << 16) + b.off + e.ord - 1, b.stream_id,
                b.expected + e.ord, (e.v->>'id')::uuid, e.v->>'type', e.v->'data',
                COALESCE(e.v->'metadata', '{}'::jsonb)
           FROM s JOIN b USING (k), jsonb_array_elements(b.evs) WITH ORDINALITY AS e(v, ord)
         RETURNING stream_id, position, revision
       )
       SELECT stream_id, max(position)::text AS position, max(revision)::text AS revision
         FROM ins GROUP BY stream_id`,
      [payload],
    );

  /** null: replay one by one (a unique violation or a deadlock failed the whole statement). */
  const runBatch = (batch: Pending[]) =>
    call("appendToStream", async () => {
      const payload = `[${batch.map((p) => `{"s":${JSON.stringify(p.streamId)},"e":${p.expected},"v":${p.payload}}`).join(",")}]`;
      try {
        const res = await batchStatement(payload);
        return new Map(res.rows.map((r) => [r.stream_id, r]));
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        if (code === "23505" || code === "40P01") return null;
        throw e;
      }
    });

  const settleOne = (p: Pending) => single(p.streamId, p.expected, p.payload).then(p.resolve, p.reject);

  async function run(batch: Pending[]): Promise<void> {
    if (batch.length === 1) return settleOne(batch[0]!);
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
      if (batch.length === 0) return; // cannot happen: a queued stream is never busy
      inFlight++;
      void run(batch).finally(() => {
        inFlight--;
        for (const p of batch) busy.delete(p.streamId);
        pump();
      });
    }
  }

  return {
    append(streamId: string, expected: number, payload: string, count: number): Promise<FastResult | null> {
      if (busy.has(streamId) || queue.some((p) => p.streamId === streamId)) {
        return single(streamId, expected, payload);
      }
      return new Promise((resolve, reject) => {
        queue.push({ streamId, expected, payload, count, resolve, reject });
        pump();
      });
    },
  };
}
