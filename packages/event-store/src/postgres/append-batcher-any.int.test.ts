/** "any" and "no_stream" appends grouped into one statement (append-batcher.ts). */
import { randomUUID } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventStoreError } from "../errors";
import type { AppendResult, EventStore } from "../port";
import { createPostgresEventStore } from "./postgres-event-store";

let db: TestDatabase;
let store: EventStore;
let other: EventStore; // a second process on the same database
beforeAll(async () => {
  db = await createTestDatabase("event_store_batch_any");
  // One statement at a time: every append arriving meanwhile waits for the next batch.
  store = await createPostgresEventStore({ connectionString: db.url, schema: "bany", appendsInFlight: 1 });
  other = await createPostgresEventStore({ connectionString: db.url, schema: "bany", migrate: false });
});
afterAll(async () => {
  await store?.close();
  await other?.close();
  await db?.drop();
});

const ev = (id = randomUUID()) => ({ id, type: "T", data: { id } });
const codeOf = (r: PromiseSettledResult<unknown>) =>
  r.status === "fulfilled" ? "ok" : (r.reason as EventStoreError).code;
const resultOf = (r: PromiseSettledResult<AppendResult>) => (r as PromiseFulfilledResult<AppendResult>).value;
/** Sent first: runs alone, so the appends made right after it queue up and go as one batch. */
const blocker = () => store.appendToStream(`blocker-${randomUUID()}`, [ev()], { expectedRevision: "any" });

describe("batched 'any' and 'no_stream' appends", () => {
  it("gives gap-free revisions per stream and unique positions in stream order, in shared transactions", async () => {
    const streams = ["a1-x", "a1-y", "a1-z"];
    await store.appendToStream("a1-y", [ev(), ev()], { expectedRevision: "no_stream" });
    const appends = Array.from({ length: 30 }, (_, i) => ({ stream: streams[i % 3]!, events: [ev(), ev()] }));
    const results = await Promise.all([
      blocker(),
      ...appends.map((a) => store.appendToStream(a.stream, a.events, { expectedRevision: "any" })),
      ...appends.slice(0, 6).map((a) => other.appendToStream(a.stream, [ev()], { expectedRevision: "any" })),
    ]);
    const positions: bigint[] = [];
    for (const s of streams) {
      const events = await store.readStream(s);
      expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
      const byPosition = [...events].sort((a, b) => (a.position < b.position ? -1 : 1));
      expect(byPosition.map((e) => e.revision)).toEqual(events.map((e) => e.revision));
      positions.push(...events.map((e) => e.position));
    }
    expect(new Set(positions).size).toBe(positions.length);
    expect(positions.length).toBe(2 + 30 * 2 + 6);
    // Each append: its two events adjacent, its result = its last event.
    const all = new Map(
      (await Promise.all(streams.map((s) => store.readStream(s)))).flat().map((e) => [e.id, e]),
    );
    appends.forEach((a, i) => {
      const [first, last] = a.events.map((e) => all.get(e.id)!);
      expect(last!.revision).toBe(first!.revision + 1);
      expect(results[i + 1]).toEqual({ position: last!.position, nextExpectedRevision: last!.revision });
    });
    const xids = new Set(appends.map((a) => all.get(a.events[0]!.id)!.position >> 16n));
    expect(xids.size).toBeLessThan(appends.length); // group commit happened
  });

  it("creates missing streams; 'no_stream' racing on one stream: exactly one wins, the others get concurrency", async () => {
    const s = `a2-${randomUUID()}`;
    const results = await Promise.allSettled([
      blocker(),
      ...Array.from({ length: 4 }, () => store.appendToStream(s, [ev()], { expectedRevision: "no_stream" })),
      ...Array.from({ length: 4 }, () => other.appendToStream(s, [ev()], { expectedRevision: "no_stream" })),
      store.appendToStream(`a2-fresh-${randomUUID()}`, [ev(), ev()], { expectedRevision: "any" }),
    ]);
    const codes = results.map(codeOf);
    expect(codes.slice(1, 9).filter((c) => c === "ok")).toHaveLength(1);
    expect(codes.slice(1, 9).filter((c) => c === "concurrency")).toHaveLength(7);
    expect(codes[9]).toBe("ok");
    expect(resultOf(results[9] as PromiseSettledResult<AppendResult>).nextExpectedRevision).toBe(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(EventStoreError);
    expect((lost.reason as EventStoreError).details).toMatchObject({ actualRevision: 0 });
    expect(await store.readStream(s)).toHaveLength(1);
  });

  it("answers an idempotent retry inside a batch with the original result; a conflict only to its caller", async () => {
    const streams = Array.from({ length: 5 }, (_, i) => `a3-${i}-${randomUUID()}`);
    const first = streams.map(() => [ev(), ev()]);
    const original = await Promise.all(
      streams.map((s, i) => store.appendToStream(s, first[i]!, { expectedRevision: "any" })),
    );
    const results = await Promise.allSettled([
      blocker(),
      store.appendToStream(streams[0]!, first[0]!, { expectedRevision: "any" }), // a retry
      store.appendToStream(streams[1]!, [first[2]![0]!], { expectedRevision: "any" }), // another stream's id
      store.appendToStream(streams[3]!, [{ ...first[3]![0]!, data: { changed: true } }], {
        expectedRevision: "any",
      }), // same id, other content
      store.appendToStream(streams[2]!, [ev()], { expectedRevision: "any" }),
      store.appendToStream(streams[4]!, [ev()], { expectedRevision: "no_stream" }),
      store.appendToStream(`a3-new-${randomUUID()}`, [ev()], { expectedRevision: "no_stream" }),
    ]);
    expect(results.map(codeOf)).toEqual([
      "ok",
      "ok",
      "idempotency_conflict",
      "idempotency_conflict",
      "ok",
      "concurrency",
      "ok",
    ]);
    expect(resultOf(results[1] as PromiseSettledResult<AppendResult>)).toEqual(original[0]);
    expect(resultOf(results[4] as PromiseSettledResult<AppendResult>).nextExpectedRevision).toBe(2);
    expect((await store.readStream(streams[0]!)).map((e) => e.id)).toEqual(first[0]!.map((e) => e.id));
    expect(await store.streamRevision(streams[1]!)).toBe(1);
    expect(await store.streamRevision(streams[3]!)).toBe(1);
  });

  it("is not held up by an 'any' stream another transaction holds: that append waits alone and lands after it", async () => {
    const held = `a4-held-${randomUUID()}`;
    const free = `a4-free-${randomUUID()}`;
    await store.appendToStream(held, [ev()], { expectedRevision: "no_stream" });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT 1 FROM bany.streams WHERE stream_id = $1 FOR UPDATE", [held]);
      let heldDone = false;
      const b = blocker();
      const onHeld = store.appendToStream(held, [ev()], { expectedRevision: "any" }).finally(() => {
        heldDone = true;
      });
      const onFree = store.appendToStream(free, [ev()], { expectedRevision: "any" });
      expect(await Promise.all([b, onFree])).toHaveLength(2);
      expect(heldDone).toBe(false);
      await client.query("COMMIT");
      expect((await onHeld).nextExpectedRevision).toBe(1);
    } finally {
      await client.end();
    }
    const events = await store.readStream(held);
    expect(events[1]!.position).toBeGreaterThan(events[0]!.position);
  });
});
