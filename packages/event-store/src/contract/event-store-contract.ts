/**
 * The one contract suite of the EventStore port, run against every adapter (in-memory,
 * PostgreSQL, EventStoreDB). Import from "@factorlens/event-store/contract" in a test file.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EventStoreError } from "../errors";
import type { EventStore } from "../port";
import { ev, readAllUntil, settle, streamName } from "./helpers";
import { snapshotCases } from "./snapshot-cases";
import { subscriptionCases } from "./subscription-cases";

export type ContractFactory = () => Promise<{ store: EventStore; cleanup(): Promise<void> }>;

export interface ContractContext {
  store(): EventStore;
}

const errorCode = (e: unknown) => (e instanceof EventStoreError ? e.code : e);

export function runEventStoreContract(name: string, factory: ContractFactory): void {
  describe(`EventStore contract: ${name}`, () => {
    let current: Awaited<ReturnType<ContractFactory>> | undefined;
    beforeEach(async () => {
      current = await factory();
    });
    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    });
    const store = () => current!.store;

    it("appends and reads a stream back", async () => {
      const s = streamName("rw");
      const a = ev("FactorEnrolled", { factorId: "f1", n: 1, nested: { ok: true, list: [1, "x"] } });
      const b = { ...ev("ChallengeFailed", { reason: "skew" }), metadata: { agent: "a1" } };
      const r = await store().appendToStream(s, [a, b], { expectedRevision: "no_stream" });
      expect(r.nextExpectedRevision).toBe(1);
      const read = await store().readStream(s);
      expect(read.map((e) => [e.id, e.type, e.data, e.revision, e.streamId])).toEqual([
        [a.id, a.type, a.data, 0, s],
        [b.id, b.type, b.data, 1, s],
      ]);
      expect(read[1]!.metadata).toEqual({ agent: "a1" });
      expect(read[0]!.metadata).toEqual({});
      expect(read[1]!.position).toBe(r.position);
      expect(read[0]!.position < read[1]!.position).toBe(true);
      expect(read[0]!.recordedAt).toBeInstanceOf(Date);
      expect(await store().streamRevision(s)).toBe(1);
      expect(await store().readStream(streamName("none"))).toEqual([]);
      expect(await store().streamRevision(streamName("none"))).toBeNull();
    });

    it("enforces expected revisions: number, no_stream, any", async () => {
      const s = streamName("exp");
      const missing = await store()
        .appendToStream(s, [ev()], { expectedRevision: 0 })
        .catch((e: unknown) => e);
      expect(missing).toMatchObject({ code: "concurrency", details: { actualRevision: null } });
      await store().appendToStream(s, [ev()], { expectedRevision: "no_stream" });
      const again = await store()
        .appendToStream(s, [ev()], { expectedRevision: "no_stream" })
        .catch((e: unknown) => e);
      expect(again).toMatchObject({ code: "concurrency", details: { actualRevision: 0 } });
      expect(
        (await store().appendToStream(s, [ev(), ev()], { expectedRevision: 0 })).nextExpectedRevision,
      ).toBe(2);
      const stale = await store()
        .appendToStream(s, [ev()], { expectedRevision: 1 })
        .catch((e: unknown) => e);
      expect(stale).toMatchObject({
        code: "concurrency",
        details: { actualRevision: 2, expectedRevision: 1 },
      });
      expect(
        (await store().appendToStream(s, [ev()], { expectedRevision: "any" })).nextExpectedRevision,
      ).toBe(3);
      const fresh = streamName("any");
      expect(
        (await store().appendToStream(fresh, [ev()], { expectedRevision: "any" })).nextExpectedRevision,
      ).toBe(0);
      expect(await store().streamRevision(s)).toBe(3);
    });

    it("lets exactly one of many concurrent appenders win each revision", async () => {
      const s = streamName("race");
      for (let round = 0; round < 5; round++) {
        const expected = round === 0 ? ("no_stream" as const) : round - 1;
        const { ok, failed } = await settle(
          Array.from({ length: 12 }, () => store().appendToStream(s, [ev()], { expectedRevision: expected })),
        );
        expect(ok).toHaveLength(1);
        expect(ok[0]!.nextExpectedRevision).toBe(round);
        expect(failed).toHaveLength(11);
        for (const f of failed)
          expect(f).toMatchObject({ code: "concurrency", details: { actualRevision: round } });
      }
      expect((await store().readStream(s)).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
    });

    it("treats a retried append as a no-op and a conflicting one as an error", async () => {
      const s = streamName("idem");
      const batch = [ev("A", { v: 1 }), ev("B", { v: 2 })];
      const first = await store().appendToStream(s, batch, { expectedRevision: "no_stream" });
      const retry = await store().appendToStream(s, batch, { expectedRevision: "no_stream" });
      expect(retry).toEqual(first);
      await store().appendToStream(s, [ev()], { expectedRevision: 1 });
      // A late retry (the stream moved on) still returns the original result.
      expect(await store().appendToStream(s, batch, { expectedRevision: "no_stream" })).toEqual(first);
      expect(await store().readStream(s)).toHaveLength(3);
      const changed = [batch[0]!, { ...batch[1]!, data: { v: 3 } }];
      const conflict = await store()
        .appendToStream(s, changed, { expectedRevision: "no_stream" })
        .catch((e: unknown) => e);
      expect(errorCode(conflict)).toBe("idempotency_conflict");
      expect(await store().readStream(s)).toHaveLength(3);
      // The same with a revision number as the expectation.
      const next = [ev("C", { v: 4 })];
      const third = await store().appendToStream(s, next, { expectedRevision: 2 });
      expect(await store().appendToStream(s, next, { expectedRevision: 2 })).toEqual(third);
      const reused = await store()
        .appendToStream(s, [{ ...next[0]!, data: { v: 5 } }], { expectedRevision: 3 })
        .catch((e: unknown) => e);
      expect(errorCode(reused)).toBe("idempotency_conflict");
      const elsewhere = await store()
        .appendToStream(streamName("other"), next, { expectedRevision: "any" })
        .catch((e: unknown) => e);
      expect(errorCode(elsewhere)).toBe("idempotency_conflict");
      expect(await store().readStream(s)).toHaveLength(4);
      expect(await store().streamRevision(s)).toBe(3);
    });

    it("reads a stream from a revision, bounded, forwards and backwards", async () => {
      const s = streamName("opts");
      await store().appendToStream(
        s,
        Array.from({ length: 6 }, (_, i) => ev("N", { i })),
        { expectedRevision: "no_stream" },
      );
      const revs = async (o: Parameters<EventStore["readStream"]>[1]) =>
        (await store().readStream(s, o)).map((e) => e.revision);
      expect(await revs({ fromRevision: 2 })).toEqual([2, 3, 4, 5]);
      expect(await revs({ fromRevision: 2, maxCount: 2 })).toEqual([2, 3]);
      expect(await revs({ direction: "backwards" })).toEqual([5, 4, 3, 2, 1, 0]);
      expect(await revs({ direction: "backwards", maxCount: 2 })).toEqual([5, 4]);
      expect(await revs({ direction: "backwards", fromRevision: 3, maxCount: 2 })).toEqual([3, 2]);
      expect(await revs({ fromRevision: 9 })).toEqual([]);
    });

    it("pages through readAll in commit order", async () => {
      const streams = [streamName("p0"), streamName("p1"), streamName("p2")];
      const appended: string[] = [];
      for (let i = 0; i < 10; i++) {
        const e = ev("P", { i });
        await store().appendToStream(streams[i % 3]!, [e], { expectedRevision: "any" });
        appended.push(e.id);
      }
      const mine = new Set(streams);
      const all = await readAllUntil(store(), mine, (es) => es.length >= 10, 3);
      expect(all.map((e) => e.id)).toEqual(appended);
      for (let i = 1; i < all.length; i++) expect(all[i]!.position > all[i - 1]!.position).toBe(true);
      const afterFirst = (await store().readAll({ fromPosition: all[0]!.position, maxCount: 1000 })).filter(
        (e) => mine.has(e.streamId),
      );
      expect(afterFirst.map((e) => e.id)).toEqual(appended.slice(1));
    });

    it("never skips an event while concurrent writers append (reader follows its last position)", async () => {
      const writers = 8;
      const perWriter = 40;
      const streams = Array.from({ length: writers }, (_, w) => streamName(`cw${w}`));
      const mine = new Set(streams);
      const expected = new Set<string>();
      let writing = true;
      const writing$ = Promise.all(
        streams.map(async (s) => {
          for (let i = 0; i < perWriter; i++) {
            const batch = Array.from({ length: 1 + (i % 3) }, () => ev("W", { i }));
            for (const e of batch) expected.add(e.id);
            await store().appendToStream(s, batch, { expectedRevision: i === 0 ? "no_stream" : "any" });
          }
        }),
      ).finally(() => {
        writing = false;
      });
      const seen: string[] = [];
      let from: bigint | undefined;
      const deadline = Date.now() + 45_000;
      while ((writing || seen.length < expected.size) && Date.now() < deadline) {
        const page = await store().readAll({ fromPosition: from, maxCount: 7 });
        if (page.length === 0) {
          await new Promise((r) => setTimeout(r, writing ? 1 : 20));
          continue;
        }
        for (const e of page) if (mine.has(e.streamId)) seen.push(e.id);
        from = page[page.length - 1]!.position;
      }
      await writing$;
      expect(seen.length).toBe(expected.size);
      expect(new Set(seen).size).toBe(seen.length);
      expect(new Set(seen)).toEqual(expected);
    });

    subscriptionCases({ store });
    snapshotCases({ store });

    it("compare-and-sets checkpoints", async () => {
      const cp = store().checkpoints;
      const id = streamName("sub");
      expect(await cp.load(id)).toBeNull();
      expect(await cp.store(id, 10n, null)).toBe(true);
      expect(await cp.store(id, 20n, null)).toBe(false);
      expect(await cp.store(id, 20n, 5n)).toBe(false);
      expect(await cp.load(id)).toBe(10n);
      expect(await cp.store(id, 20n, 10n)).toBe(true);
      const { ok } = await settle(Array.from({ length: 8 }, (_, i) => cp.store(id, 30n + BigInt(i), 20n)));
      expect(ok.filter(Boolean)).toHaveLength(1);
      const winner = await cp.load(id);
      expect(winner! >= 30n && winner! < 38n).toBe(true);
      expect(await cp.load(streamName("other"))).toBeNull();
    });

    it("deletes a stream for erasure, leaving the others", async () => {
      const gone = streamName("erase");
      const kept = streamName("keep");
      await store().appendToStream(gone, [ev("X", { secretish: "pii" }), ev()], {
        expectedRevision: "no_stream",
      });
      await store().appendToStream(kept, [ev()], { expectedRevision: "no_stream" });
      await store().deleteStream(gone);
      expect(await store().readStream(gone)).toEqual([]);
      expect(await store().streamRevision(gone)).toBeNull();
      const mine = new Set([gone, kept]);
      const all = await readAllUntil(store(), mine, (es) => es.some((e) => e.streamId === kept));
      expect(all.map((e) => e.streamId)).toEqual([kept]);
      await store().deleteStream(streamName("unknown"));
    });

    it("rejects invalid arguments before any I/O", async () => {
      const bad = await store()
        .appendToStream(streamName("bad"), [], { expectedRevision: "any" })
        .catch((e: unknown) => e);
      expect(errorCode(bad)).toBe("invalid_argument");
      const badId = await store()
        .appendToStream(streamName("bad"), [{ id: "nope", type: "T", data: {} }], { expectedRevision: "any" })
        .catch((e: unknown) => e);
      expect(errorCode(badId)).toBe("invalid_argument");
    });
  });
}
