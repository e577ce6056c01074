/**
 * Property: in a group commit, an append that PostgreSQL refuses for its own data (a NUL or a lone
 * surrogate in a jsonb string) fails alone with its own error; every other append of its batch
 * lands as if it had been sent alone. Appends run concurrently through one statement at a time, so
 * all but the first of each run wait and go together in a batch.
 */
import { randomUUID } from "node:crypto";
import { useFixture, useTestDatabase } from "@factorlens/testkit";
import fc from "fast-check";
import { expect, it } from "vitest";
import { EventStoreError } from "../errors";
import type { ExpectedRevision } from "../port";
import { createPostgresEventStore } from "./postgres-event-store";

const db = useTestDatabase("event_store_batch_isolation");
const store = useFixture(
  () => createPostgresEventStore({ connectionString: db.url, schema: "biso", appendsInFlight: 1 }),
  (s) => s.close(),
);

/** Strings jsonb refuses: U+0000 and unpaired surrogates. */
const poison = fc.constantFrom("a\u0000b", "\u0000", "x\ud800", "\udc00y", "ok\ud83d");

const op = fc.record({
  expected: fc.constantFrom<"any" | "no_stream" | "numeric">("any", "no_stream", "numeric"),
  bad: fc.option(poison, { freq: 3 }),
  events: fc.integer({ min: 1, max: 3 }),
});

it("fails each refused append alone and lands every other append of its batch", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 2, maxLength: 20 }), async (ops) => {
      const run = randomUUID();
      const streams = ops.map((_, i) => `iso-${run}-${i}`);
      // Numeric appends need an existing stream at revision 0.
      await Promise.all(
        ops.map((o, i) =>
          o.expected === "numeric"
            ? store.appendToStream(streams[i]!, [{ id: randomUUID(), type: "Seed", data: {} }], {
                expectedRevision: "no_stream",
              })
            : null,
        ),
      );
      const settled = await Promise.allSettled(
        ops.map((o, i) => {
          const expectedRevision: ExpectedRevision = o.expected === "numeric" ? 0 : o.expected;
          const events = Array.from({ length: o.events }, (_, k) => ({
            id: randomUUID(),
            type: "T",
            data: { k, text: k === o.events - 1 && o.bad !== null ? o.bad : "fine" },
          }));
          return store.appendToStream(streams[i]!, events, { expectedRevision });
        }),
      );
      for (const [i, o] of ops.entries()) {
        const r = settled[i]!;
        const before = o.expected === "numeric" ? 1 : 0;
        const stored = await store.readStream(streams[i]!).catch(() => []);
        if (o.bad === null) {
          expect(r.status, `good append ${i} (${o.expected})`).toBe("fulfilled");
          expect(stored).toHaveLength(before + o.events);
        } else {
          expect(r.status, `bad append ${i} (${o.expected})`).toBe("rejected");
          const reason = (r as PromiseRejectedResult).reason;
          expect(reason).toBeInstanceOf(EventStoreError);
          expect((reason as EventStoreError).code).toBe("invalid_argument");
          expect((reason as EventStoreError).details.streamId).toBe(streams[i]);
          expect(stored).toHaveLength(before);
        }
      }
    }),
    { numRuns: 40 },
  );
});
