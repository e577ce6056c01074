/** Contract cases of the optional snapshot store (every adapter of this package provides one). */
import { expect, it } from "vitest";
import type { EventStore } from "../port";
import { ev, streamName } from "./helpers";

export function snapshotCases(ctx: { store(): EventStore }): void {
  const snapshots = () => {
    const s = ctx.store().snapshots;
    if (!s) throw new Error("this adapter has no snapshot store");
    return s;
  };

  it("snapshots: without one, a read returns the whole stream; with one, the events after it", async () => {
    const s = streamName("snap");
    const events = [ev("A", { n: 0 }), ev("A", { n: 1 }), ev("A", { n: 2 }), ev("A", { n: 3 })];
    await ctx.store().appendToStream(s, events, { expectedRevision: "no_stream" });
    const none = await snapshots().readFromSnapshot(s, "v1");
    expect(none.snapshot).toBeNull();
    expect(none.events.map((e) => e.revision)).toEqual([0, 1, 2, 3]);

    await snapshots().save(s, { version: "v1", revision: 1, eventId: events[1]!.id, state: { sum: 1 } });
    const read = await snapshots().readFromSnapshot(s, "v1");
    expect(read.snapshot).toEqual({ version: "v1", revision: 1, eventId: events[1]!.id, state: { sum: 1 } });
    expect(read.events.map((e) => [e.revision, e.data])).toEqual([
      [2, { n: 2 }],
      [3, { n: 3 }],
    ]);
    // another fold version does not see it
    expect((await snapshots().readFromSnapshot(s, "v2")).snapshot).toBeNull();
  });

  it("snapshots: an older one never replaces a newer one; a newer one replaces it", async () => {
    const s = streamName("snap-order");
    const events = [ev(), ev(), ev()];
    await ctx.store().appendToStream(s, events, { expectedRevision: "no_stream" });
    await snapshots().save(s, { version: "v1", revision: 1, eventId: events[1]!.id, state: { r: 1 } });
    await snapshots().save(s, { version: "v1", revision: 0, eventId: events[0]!.id, state: { r: 0 } });
    expect((await snapshots().readFromSnapshot(s, "v1")).snapshot?.revision).toBe(1);
    await snapshots().save(s, { version: "v1", revision: 2, eventId: events[2]!.id, state: { r: 2 } });
    const read = await snapshots().readFromSnapshot(s, "v1");
    expect(read.snapshot?.state).toEqual({ r: 2 });
    expect(read.events).toEqual([]);
  });

  it("snapshots: an erased and re-created stream does not reuse the old one", async () => {
    const s = streamName("snap-erased");
    const old = [ev(), ev(), ev()];
    await ctx.store().appendToStream(s, old, { expectedRevision: "no_stream" });
    await snapshots().save(s, { version: "v1", revision: 2, eventId: old[2]!.id, state: { old: true } });
    await ctx.store().deleteStream(s);
    const fresh = [ev("B"), ev("B"), ev("B"), ev("B")];
    await ctx.store().appendToStream(s, fresh, { expectedRevision: "any" });
    const read = await snapshots().readFromSnapshot(s, "v1");
    expect(read.snapshot).toBeNull();
    expect(read.events.map((e) => e.id)).toEqual(fresh.map((e) => e.id));
    // and a snapshot of the new stream is kept (PostgreSQL restarts revisions at 0, at a lower
    // revision than the dead one; EventStoreDB continues them)
    const second = read.events[1]!;
    await snapshots().save(s, {
      version: "v1",
      revision: second.revision,
      eventId: second.id,
      state: { fresh: true },
    });
    expect((await snapshots().readFromSnapshot(s, "v1")).snapshot?.state).toEqual({ fresh: true });
  });
}
