/** PostgreSQL-only behaviour: migrations, NOTIFY wake-ups, listener reconnect, failing closed. */
import { randomUUID } from "node:crypto";
import net from "node:net";
import { useTestDatabase } from "@factorlens/testkit";
import pg from "pg";
import { describe, expect, it, vi } from "vitest";
import { EventStoreError } from "../errors";
import type { RecordedEvent } from "../port";
import { migrate, migrations } from "./migrations";
import { createPostgresEventStore, type PostgresEventStoreOptions } from "./postgres-event-store";

const db = useTestDatabase("event_store_pg");
/** A store on this file's database, in its own schema. */
const storeIn = (
  schema: string,
  options: Omit<PostgresEventStoreOptions, "connectionString" | "schema"> = {},
) => createPostgresEventStore({ connectionString: db.url, schema, ...options });

const ev = () => ({ id: randomUUID(), type: "T", data: { at: Date.now() } });

describe("postgres event store", () => {
  it("applies migrations once, even with concurrent starters", async () => {
    const results = await Promise.all(Array.from({ length: 4 }, () => migrate(db.pool, "mig_race")));
    expect(results.flat().sort()).toEqual(migrations.map((m) => m.version));
    const rows = await db.pool.query("SELECT version FROM mig_race.schema_migrations ORDER BY version");
    expect(rows.rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
    expect(await migrate(db.pool, "mig_race")).toEqual([]);
  });

  it("works in a schema named like an SQL keyword (every path: batch, fast, function, checkpoints, NOTIFY)", async () => {
    const store = await storeIn("user");
    try {
      const s = `kw-${randomUUID()}`;
      await Promise.all([
        store.appendToStream(s, [ev()], { expectedRevision: "no_stream" }),
        store.appendToStream(`${s}-b`, [ev()], { expectedRevision: "any" }),
      ]);
      await store.appendToStream(s, [ev()], { expectedRevision: 0 });
      await store.appendToStream(s, [ev()], { expectedRevision: "any" });
      expect((await store.readStream(s)).map((e) => e.revision)).toEqual([0, 1, 2]);
      expect(await store.checkpoints.store("kw", 5n, null)).toBe(true);
      expect(await store.checkpoints.load("kw")).toBe(5n);
      const ac = new AbortController();
      const seen: string[] = [];
      const sub = store.subscribeToAll({ signal: ac.signal }, async (batch) => {
        seen.push(...batch.map((e) => e.streamId));
        if (seen.length >= 4) ac.abort();
      });
      await sub;
      expect(seen.filter((x) => x === s)).toHaveLength(3);
    } finally {
      await store.close();
    }
  });

  it("retries an append chosen as a deadlock victim in a new transaction: its caller never sees a 40P01", async () => {
    // "any" through the function path (no batching).
    const store = await storeIn("dl", { maxAppendsPerBatch: 1 });
    const x = new pg.Client({ connectionString: db.url });
    await x.connect();
    try {
      const [s1, s2] = [`dl1-${randomUUID()}`, `dl2-${randomUUID()}`];
      await store.appendToStream(s1, [ev()], { expectedRevision: "no_stream" });
      await store.appendToStream(s2, [ev()], { expectedRevision: "no_stream" });
      const shared = ev();
      // Another writer, x: holds s1's row and an uncommitted event with the id the append will insert.
      await x.query("SET deadlock_timeout = '30s'"); // the append's session detects the cycle, not x's
      await x.query("BEGIN");
      await x.query("UPDATE dl.streams SET revision = revision + 1 WHERE stream_id = $1", [s1]);
      await x.query(
        `INSERT INTO dl.events (position, stream_id, revision, event_id, type, data)
         VALUES ((pg_current_xact_id()::text::bigint) << 16, $1, 1, $2, 'T', $3)`,
        [s1, shared.id, JSON.stringify(shared.data)],
      );
      // The append locks s2's row, then waits on x for the event id ...
      const append = store.appendToStream(s2, [shared], { expectedRevision: "any" }).then(
        () => "ok",
        (e: EventStoreError) => e.code ?? String(e),
      );
      await vi.waitFor(
        async () => {
          const res = await db.pool.query(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
          );
          expect(res.rows[0].n).toBe(1);
        },
        { timeout: 5_000, interval: 20 },
      );
      // ... and x now waits for s2's row: a cycle. The append's transaction is the victim.
      await x.query("UPDATE dl.streams SET revision = revision + 1 WHERE stream_id = $1", [s2]);
      await x.query("COMMIT");
      // Retried after x committed: the id is stored, in another stream.
      expect(await append).toBe("idempotency_conflict");
      expect((await store.readStream(s2)).map((e) => e.id)).not.toContain(shared.id);
    } finally {
      await x.end();
      await store.close();
    }
  });

  it("wakes a live subscriber in another store instance through NOTIFY, also after its listener dropped", async () => {
    // Polling is set to a minute: only NOTIFY can deliver within the test.
    const subscriber = await storeIn("notify", { pollIntervalMs: 60_000 });
    const writer = await storeIn("notify");
    const got: RecordedEvent[] = [];
    let wake: (() => void) | undefined;
    const arrived = (n: number) =>
      new Promise<void>((resolve) => {
        wake = () => got.length >= n && resolve();
        wake();
      });
    const abort = new AbortController();
    const run = subscriber.subscribeToAll({ signal: abort.signal }, async (events) => {
      got.push(...events);
      wake?.();
    });
    try {
      await writer.appendToStream("s1", [ev()], { expectedRevision: "no_stream" });
      await arrived(1);
      // Kill the LISTEN connection; the listener reconnects and NOTIFY wakes us again.
      const killed = await db.pool.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'",
      );
      expect(killed.rowCount).toBeGreaterThan(0);
      await writer.appendToStream("s1", [ev()], { expectedRevision: 0 });
      await arrived(2);
      for (let i = 1; i < 5; i++) await writer.appendToStream("s1", [ev()], { expectedRevision: i });
      await arrived(6);
      expect(got.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5]);
    } finally {
      abort.abort();
      await run;
      await Promise.all([subscriber.close(), writer.close()]);
    }
  });

  // The visibility horizon is cluster-wide: a transaction of another test file on the shared server
  // can delay delivery (never leave a gap), hence the generous bound.
  it("never lets a reader pass an older transaction still writing, and delivers both once it commits", {
    timeout: 30_000,
  }, async () => {
    const store = await storeIn("held", { pollIntervalMs: 60_000 });
    const older = await db.pool.connect();
    const abort = new AbortController();
    const delivered: RecordedEvent[] = [];
    let resolveGot: () => void = () => {};
    const got = new Promise<void>((resolve) => {
      resolveGot = resolve;
    });
    const run = store.subscribeToAll({ signal: abort.signal }, async (events) => {
      delivered.push(...events);
      if (delivered.length >= 2) resolveGot();
    });
    try {
      // An older transaction appends (lower xid, so a lower position) and stays open...
      const slow = ev();
      await older.query("BEGIN");
      await older.query("SELECT * FROM held.append_to_stream('held-slow', NULL, $1::jsonb, NULL)", [
        JSON.stringify([slow]),
      ]);
      // ...while a newer one commits at once.
      const fast = ev();
      await store.appendToStream("held-fast", [fast], { expectedRevision: "no_stream" });
      expect(await store.readAll()).toEqual([]); // returning `fast` now would skip `slow` for good
      await older.query("COMMIT");
      // No notification comes when `older` ends, and the poll is a minute away. (Any other
      // transaction open on the server holds events back too: hence the generous bound.)
      const ended = run.then(() => {
        throw new Error("subscription ended");
      });
      await Promise.race([got, ended]);
      expect(delivered.map((e) => e.id)).toEqual([slow.id, fast.id]);
      expect((await store.readAll()).map((e) => e.id)).toEqual([slow.id, fast.id]);
    } finally {
      older.release();
      abort.abort();
      await run;
      await store.close();
    }
  });

  it("fails closed with `unavailable` when the server cannot be reached or does not answer in time", async () => {
    const mute = net.createServer((socket) => socket.on("error", () => {}));
    await new Promise<void>((resolve) => mute.listen(0, "127.0.0.1", resolve));
    const port = (mute.address() as net.AddressInfo).port;
    try {
      const t0 = performance.now();
      const error = await createPostgresEventStore({
        connectionString: `postgres://postgres@127.0.0.1:${port}/x`,
        callTimeoutMs: 300,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EventStoreError);
      expect((error as EventStoreError).code).toBe("unavailable");
      expect(performance.now() - t0).toBeLessThan(2_000);
    } finally {
      mute.close();
    }

    // A row lock held elsewhere makes the append wait: it must give up within its bound. The schema
    // is made first without the tight bound (a migration can take longer than 300 ms on a busy machine).
    await (await storeIn("slow")).close();
    const store = await storeIn("slow", { callTimeoutMs: 300 });
    await store.appendToStream("locked", [ev()], { expectedRevision: "no_stream" });
    const blocker = await db.pool.connect();
    const retried = [ev()];
    try {
      await blocker.query("BEGIN");
      await blocker.query("SELECT * FROM slow.streams WHERE stream_id = 'locked' FOR UPDATE");
      const err = await store
        .appendToStream("locked", retried, { expectedRevision: 0 })
        .catch((e: unknown) => e);
      expect((err as EventStoreError).code).toBe("unavailable");
    } finally {
      await blocker.query("ROLLBACK");
      blocker.release();
    }
    // `unavailable` does not say whether the append was applied (the server may finish it after
    // the client gave up): the caller retries the same events, and gets them exactly once.
    expect(
      (await store.appendToStream("locked", retried, { expectedRevision: 0 })).nextExpectedRevision,
    ).toBe(1);
    expect((await store.readStream("locked")).map((e) => e.id)).toEqual([expect.any(String), retried[0]!.id]);
    await store.close();
  });
});
