import { expect, it } from "vitest";
import type { EventStore, RecordedEvent } from "../port";
import { deferred, ev, streamName } from "./helpers";

/** subscribeToAll cases of the contract: catch-up, live, abort, resume from a checkpoint. */
export function subscriptionCases(ctx: { store(): EventStore }): void {
  const store = () => ctx.store();

  /** Collects the events of `streams`; `until(n)` resolves once n of them arrived. */
  function collector(streams: Set<string>) {
    const got: RecordedEvent[] = [];
    const batchSizes: number[] = [];
    const waiters: { n: number; resolve(): void }[] = [];
    const handler = async (events: RecordedEvent[]) => {
      batchSizes.push(events.length);
      got.push(...events.filter((e) => streams.has(e.streamId)));
      for (const w of waiters.filter((w) => got.length >= w.n)) w.resolve();
    };
    const until = (n: number) => {
      const d = deferred();
      if (got.length >= n) d.resolve();
      else waiters.push({ n, resolve: d.resolve });
      return d.promise;
    };
    return { got, batchSizes, until, handler };
  }

  it("subscribes to all: catch-up in batches, then live, and resolves on abort", async () => {
    const s = streamName("sub");
    const early = Array.from({ length: 5 }, (_, i) => ev("Early", { i }));
    await store().appendToStream(s, early, { expectedRevision: "no_stream" });
    const c = collector(new Set([s]));
    const abort = new AbortController();
    const done = store().subscribeToAll({ signal: abort.signal, batchSize: 2 }, c.handler);
    await c.until(5);
    const late = [ev("Late"), ev("Late")];
    await store().appendToStream(s, [late[0]!], { expectedRevision: 4 });
    await store().appendToStream(s, [late[1]!], { expectedRevision: 5 });
    await c.until(7);
    expect(c.got.map((e) => e.id)).toEqual([...early, ...late].map((e) => e.id));
    expect(Math.max(...c.batchSizes)).toBeLessThanOrEqual(2);
    abort.abort();
    await expect(done).resolves.toBeUndefined();
  });

  it("awaits the handler before handing over more (backpressure) and fails with it", async () => {
    const s = streamName("bp");
    await store().appendToStream(
      s,
      Array.from({ length: 6 }, () => ev()),
      { expectedRevision: "no_stream" },
    );
    let inFlight = 0;
    let maxInFlight = 0;
    let mine = 0;
    const abort = new AbortController();
    const failed = await store()
      .subscribeToAll({ signal: abort.signal, batchSize: 1 }, async (events) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setImmediate(r));
        inFlight--;
        mine += events.filter((e) => e.streamId === s).length;
        if (mine === 4) throw new Error("handler broke");
      })
      .catch((e: unknown) => e);
    expect((failed as Error).message).toBe("handler broke");
    expect(maxInFlight).toBe(1);
    expect(mine).toBe(4);
  });

  it("resumes from the stored checkpoint after the subscriber is killed: nothing lost, nothing doubled", async () => {
    const s = streamName("resume");
    const mine = new Set([s]);
    const ids = Array.from({ length: 20 }, (_, i) => ev("R", { i }));
    for (let i = 0; i < 20; i += 5) {
      await store().appendToStream(s, ids.slice(i, i + 5), {
        expectedRevision: i === 0 ? "no_stream" : i - 1,
      });
    }
    const subscriber = streamName("projector");
    const cp = store().checkpoints;
    const handled: string[] = [];
    const checkpointed = new Set<string>();

    // First run: stores a checkpoint after each batch of 3, killed while handling its 4th batch.
    const kill = new AbortController();
    let batches = 0;
    await store().subscribeToAll({ signal: kill.signal, batchSize: 3 }, async (events) => {
      batches++;
      handled.push(...events.filter((e) => mine.has(e.streamId)).map((e) => e.id));
      if (batches === 4) {
        kill.abort(); // dies mid-stream: this batch is handled but its checkpoint never stored
        return;
      }
      const last = events[events.length - 1]!.position;
      const prev = await cp.load(subscriber);
      expect(await cp.store(subscriber, last, prev)).toBe(true);
      for (const e of events) if (mine.has(e.streamId)) checkpointed.add(e.id);
    });
    const from = await cp.load(subscriber);
    expect(from).not.toBeNull();

    // Restart from the checkpoint; more events arrive while it runs.
    const extra = [ev("R2"), ev("R2")];
    const rerun = new AbortController();
    const second: string[] = [];
    const all = new Set([...ids, ...extra].map((e) => e.id));
    const finished = deferred();
    const run = store().subscribeToAll(
      { signal: rerun.signal, fromPosition: from!, batchSize: 4 },
      async (events) => {
        second.push(...events.filter((e) => mine.has(e.streamId)).map((e) => e.id));
        const prev = await cp.load(subscriber);
        expect(await cp.store(subscriber, events[events.length - 1]!.position, prev)).toBe(true);
        if (new Set([...handled, ...second]).size === all.size) finished.resolve();
      },
    );
    await store().appendToStream(s, extra, { expectedRevision: 19 });
    await finished.promise;
    rerun.abort();
    await run;

    expect(new Set([...handled, ...second])).toEqual(all); // nothing lost
    for (const id of second) expect(checkpointed.has(id)).toBe(false); // nothing before the checkpoint twice
    expect(new Set(second).size).toBe(second.length);
    const doubled = handled.filter((id) => second.includes(id));
    expect(doubled.length).toBeGreaterThan(0); // the killed batch is redelivered
    expect(doubled.length).toBeLessThanOrEqual(3);
  });
}
