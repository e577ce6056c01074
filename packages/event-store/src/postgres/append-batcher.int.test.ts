/** Appends grouped into one statement (append-batcher.ts): each keeps its own outcome. */
import { randomUUID } from "node:crypto";
import { useFixture, useTestDatabase } from "@factorlens/testkit";
import { describe, expect, it } from "vitest";
import { EventStoreError } from "../errors";
import { createPostgresEventStore } from "./postgres-event-store";

const db = useTestDatabase("event_store_batch");
// One statement at a time: every append arriving meanwhile waits for the next batch.
const store = useFixture(
  () => createPostgresEventStore({ connectionString: db.url, schema: "batch", appendsInFlight: 1 }),
  (s) => s.close(),
);

const ev = (id = randomUUID()) => ({ id, type: "T", data: { id } });
const codeOf = (r: PromiseSettledResult<unknown>) =>
  r.status === "fulfilled" ? "ok" : (r.reason as EventStoreError).code;

describe("batched appends", () => {
  it("commits concurrent appends together, each with its own revision check and result", async () => {
    const streams = Array.from({ length: 12 }, (_, i) => `b1-${i}`);
    await Promise.all(streams.map((s) => store.appendToStream(s, [ev()], { expectedRevision: "no_stream" })));
    const blocker = store.appendToStream("b1-blocker", [ev()], { expectedRevision: "no_stream" });
    const results = await Promise.allSettled([
      blocker,
      ...streams.map((s, i) =>
        store.appendToStream(s, i === 3 ? [ev(), ev(), ev()] : [ev()], { expectedRevision: i === 5 ? 4 : 0 }),
      ),
      store.appendToStream("b1-0", [ev()], { expectedRevision: 0 }), // same stream: sent alone, races
    ]);
    const codes = results.map(codeOf);
    expect([codes[1], codes[13]].sort()).toEqual(["concurrency", "ok"]); // exactly one b1-0 append wins
    expect(codes.slice(2, 13)).toEqual([...Array(4).fill("ok"), "concurrency", ...Array(6).fill("ok")]);
    expect(codes[0]).toBe("ok");
    const ok = results.slice(2, 13).filter((r) => r.status === "fulfilled");
    const positions = ok.map((r) => (r as PromiseFulfilledResult<{ position: bigint }>).value.position);
    expect(new Set(positions.map((p) => p >> 16n)).size).toBeLessThan(positions.length); // shared transactions
    expect((await store.readStream("b1-3")).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
    expect(await store.streamRevision("b1-3")).toBe(3);
    expect(await store.streamRevision("b1-5")).toBe(0);
    const all = (await Promise.all(streams.map((s) => store.readStream(s)))).flat();
    expect(new Set(all.map((e) => e.position)).size).toBe(all.length);
    const b13 = await store.readStream("b1-3");
    expect(b13.map((e) => e.position)).toEqual(
      [...b13.map((e) => e.position)].sort((a, b) => (a < b ? -1 : 1)),
    );
    const last = b13.at(-1)!;
    const res3 = results[4] as PromiseFulfilledResult<{ position: bigint; nextExpectedRevision: number }>;
    expect(res3.value).toEqual({ position: last.position, nextExpectedRevision: 3 });
  });

  it("sorts out a batch that fails on an event id already stored: retries and conflicts as alone", async () => {
    const streams = Array.from({ length: 6 }, (_, i) => `b2-${i}`);
    const first = streams.map(() => ev());
    await Promise.all(
      streams.map((s, i) => store.appendToStream(s, [first[i]!], { expectedRevision: "no_stream" })),
    );
    const again = ev();
    await store.appendToStream("b2-0", [again], { expectedRevision: 0 });
    const blocker = store.appendToStream("b2-blocker", [ev()], { expectedRevision: "no_stream" });
    const results = await Promise.allSettled([
      blocker,
      store.appendToStream("b2-0", [again], { expectedRevision: 0 }), // a retry: idempotent
      store.appendToStream("b2-1", [first[2]!], { expectedRevision: 0 }), // another stream's event id
      ...streams.slice(2).map((s) => store.appendToStream(s, [ev()], { expectedRevision: 0 })),
    ]);
    expect(results.map(codeOf)).toEqual(["ok", "ok", "idempotency_conflict", "ok", "ok", "ok", "ok"]);
    expect(await store.streamRevision("b2-0")).toBe(1);
    expect(await store.streamRevision("b2-1")).toBe(0);
    for (const s of streams.slice(2)) expect(await store.streamRevision(s)).toBe(1);
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(EventStoreError);
  });
});
