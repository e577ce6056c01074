/**
 * Property: random concurrent mixes of "any", "no_stream" and numeric appends, through two stores
 * (two processes) on one database, end as if the successful appends had run one by one in
 * position order: replayed in that order into the in-memory store (the sequential model) with
 * their own expected revisions, each succeeds with the same result and the streams are identical.
 */
import { randomUUID } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { EventStoreError } from "../errors";
import { createInMemoryEventStore } from "../in-memory/in-memory-event-store";
import type { AppendResult, EventStore, ExpectedRevision, NewEvent } from "../port";
import { createPostgresEventStore } from "./postgres-event-store";

let db: TestDatabase;
let stores: EventStore[];
beforeAll(async () => {
  db = await createTestDatabase("event_store_batch_model");
  const url = db.url;
  stores = [
    await createPostgresEventStore({ connectionString: url, schema: "bmodel", appendsInFlight: 1 }),
    await createPostgresEventStore({
      connectionString: url,
      schema: "bmodel",
      appendsInFlight: 2,
      migrate: false,
    }),
  ];
});
afterAll(async () => {
  await Promise.all((stores ?? []).map((s) => s.close()));
  await db?.drop();
});

const op = fc.record({
  stream: fc.integer({ min: 0, max: 2 }),
  expected: fc.oneof(
    fc.constant<ExpectedRevision>("any"),
    fc.constant<ExpectedRevision>("no_stream"),
    fc.integer({ min: 0, max: 4 }),
  ),
  events: fc.integer({ min: 1, max: 3 }),
  store: fc.integer({ min: 0, max: 1 }),
  /** Wait for the appends issued so far before this one. */
  after: fc.boolean(),
});

it("ends like the sequential model replaying the successful appends in position order", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 24 }), async (ops) => {
      const run = randomUUID();
      const name = (i: number) => `m-${run}-${i}`;
      const sent: { stream: string; expected: ExpectedRevision; events: NewEvent[] }[] = [];
      const pending: Promise<AppendResult>[] = [];
      for (const o of ops) {
        if (o.after) await Promise.allSettled(pending);
        const a = {
          stream: name(o.stream),
          expected: o.expected,
          events: Array.from({ length: o.events }, () => ({
            id: randomUUID(),
            type: "T",
            data: { o: sent.length },
          })),
        };
        sent.push(a);
        pending.push(stores[o.store]!.appendToStream(a.stream, a.events, { expectedRevision: a.expected }));
      }
      const settled = await Promise.allSettled(pending);
      for (const r of settled) {
        if (r.status === "rejected") expect((r.reason as EventStoreError).code).toBe("concurrency");
      }
      const ok = sent
        .map((a, i) => ({ ...a, result: settled[i]! }))
        .filter((a) => a.result.status === "fulfilled")
        .map((a) => ({ ...a, result: (a.result as PromiseFulfilledResult<AppendResult>).value }))
        .sort((a, b) => (a.result.position < b.result.position ? -1 : 1));
      const model = createInMemoryEventStore();
      for (const a of ok) {
        const r = await model.appendToStream(a.stream, a.events, { expectedRevision: a.expected });
        expect(r.nextExpectedRevision).toBe(a.result.nextExpectedRevision);
      }
      for (let i = 0; i < 3; i++) {
        const actual = await stores[0]!.readStream(name(i));
        const expected = await model.readStream(name(i));
        const shape = (e: { id: string; revision: number; type: string; data: unknown }) => [
          e.id,
          e.revision,
          e.type,
          e.data,
        ];
        expect(actual.map(shape)).toEqual(expected.map(shape));
        const positions = actual.map((e) => e.position);
        expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
      }
      for (const a of ok) {
        const last = (await stores[0]!.readStream(a.stream)).find((e) => e.id === a.events.at(-1)!.id)!;
        expect(a.result).toEqual({ position: last.position, nextExpectedRevision: last.revision });
      }
    }),
    { numRuns: 40 },
  );
});
