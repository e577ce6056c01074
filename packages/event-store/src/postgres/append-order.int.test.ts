/**
 * readAll order must be stream order: an append that lands on top of another in its stream gets
 * higher positions, whichever path took each (batch, fast path, function) and whichever process
 * sent it. Positions come from transaction ids, so this breaks when an append gets its id before
 * waiting for the writer it lands on (two appenders queued on one stream row; see migration 4 and
 * append-batcher.ts). Such a race shows as hundreds of inversions per run.
 */
import { randomUUID } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { EventStoreError } from "../errors";
import type { EventStore } from "../port";
import { createPostgresEventStore } from "./postgres-event-store";

let db: TestDatabase;
let stores: EventStore[];
beforeAll(async () => {
  db = await createTestDatabase("event_store_order");
  const base = { connectionString: db.url, schema: "sorder" };
  stores = [
    await createPostgresEventStore({ ...base, appendsInFlight: 1 }), // batches of many
    await createPostgresEventStore({ ...base, migrate: false, maxAppendsPerBatch: 1 }), // "any" via the function
    await createPostgresEventStore({ ...base, migrate: false, appendsInFlight: 2 }),
  ];
});
afterAll(async () => {
  await Promise.all((stores ?? []).map((s) => s.close()));
  await db?.drop();
});

const ev = () => {
  const id = randomUUID();
  return { id, type: "T", data: { id } };
};

it("keeps each stream's positions increasing while three processes race 'any' and numeric appends on few streams", async () => {
  const run = randomUUID();
  const streams = Array.from({ length: 4 }, (_, i) => `o-${run}-${i}`);
  let numericOk = 0;
  for (let round = 0; round < 25; round++) {
    await Promise.all(
      Array.from({ length: 48 }, async (_, i) => {
        const store = stores[i % 3]!;
        const stream = streams[(i * 7 + round) % 4]!;
        if (i % 4 !== 3) return store.appendToStream(stream, [ev(), ev()], { expectedRevision: "any" });
        // A read-then-append writer: its expected revision may be stale by the time it lands.
        const revision = await store.streamRevision(stream);
        try {
          await store.appendToStream(stream, [ev()], { expectedRevision: revision ?? "no_stream" });
          numericOk++;
        } catch (e) {
          if (!(e instanceof EventStoreError && e.code === "concurrency")) throw e;
        }
      }),
    );
  }
  let inversions = 0;
  let total = 0;
  for (const s of streams) {
    const events = await stores[0]!.readStream(s);
    total += events.length;
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
    for (let i = 1; i < events.length; i++) if (events[i]!.position <= events[i - 1]!.position) inversions++;
  }
  expect(total).toBe(25 * 36 * 2 + numericOk);
  expect(numericOk).toBeGreaterThan(0);
  expect(inversions).toBe(0);
  // readAll hands them out in the same order.
  const all = (await stores[0]!.readAll()).filter((e) => e.streamId.startsWith(`o-${run}`));
  for (const s of streams) {
    const revisions = all.filter((e) => e.streamId === s).map((e) => e.revision);
    expect(revisions).toEqual(revisions.map((_, i) => i));
  }
});
