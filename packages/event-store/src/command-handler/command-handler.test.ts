import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { EventStoreError, isConcurrencyError } from "../errors";
import { createInMemoryEventStore } from "../in-memory/in-memory-event-store";
import type { EventStore } from "../port";
import type { Folded, SnapshotFold } from "../snapshots/load-folded";
import { CONFLICT_RETRIES, createCommandHandler, type StateCache } from "./command-handler";

/** A stream of "added" numbers; the state is their list. */
interface Added {
  eventId: string;
  n: number;
}
const fold: SnapshotFold<number[]> = {
  version: "test-1",
  initial: () => [],
  evolve: (s, e) => [...s, e.data.n as number],
  toJson: (s) => ({ ns: s }),
  fromJson: (j) => j.ns as number[],
};
const added = (n: number): Added => ({ eventId: randomUUID(), n });
const toNewEvent = (e: Added) => ({ id: e.eventId, type: "Added", data: { n: e.n } });
const evolve = (s: number[], e: Added) => [...s, e.n];
/** The command: add the next number (the state's length), refused past `max`. */
const addNext = ({ state }: Folded<number[]>) => ({ events: [added(state.length)], result: state.length });

const mapCache = (): StateCache<number[]> & { map: Map<string, Folded<number[]>> } => {
  const map = new Map<string, Folded<number[]>>();
  return {
    map,
    get: (k) => map.get(k),
    set: (k, v) => void map.set(k, v),
    delete: (k) => void map.delete(k),
  };
};
const stored = async (store: EventStore, id: string) =>
  (await store.readStream(id)).map((e) => e.data.n as number);

describe("the command handler", () => {
  it("decides on the loaded state and appends at its revision", async () => {
    const store = createInMemoryEventStore();
    const h = createCommandHandler({ store, fold, evolve, toNewEvent });
    expect((await h.handle("s", addNext)).result).toBe(0);
    const second = await h.handle("s", addNext);
    expect(second.result).toBe(1);
    expect(second.folded).toMatchObject({ state: [0, 1], revision: 1 });
    expect(await stored(store, "s")).toEqual([0, 1]);
  });

  it("on a concurrent append catches up and decides again on the state that won", async () => {
    const store = createInMemoryEventStore();
    const cache = mapCache();
    const conflicts: number[] = [];
    const h = createCommandHandler({
      store,
      fold,
      evolve,
      toNewEvent,
      cache,
      onConflict: () => conflicts.push(1),
    });
    await h.handle("s", addNext); // cached at revision 0
    await createCommandHandler({ store, fold, evolve, toNewEvent }).handle("s", addNext); // another writer
    const decidedOn: number[][] = [];
    const r = await h.handle("s", (loaded) => {
      decidedOn.push(loaded.state);
      return addNext(loaded);
    });
    expect(decidedOn).toEqual([[0], [0, 1]]);
    expect(r.result).toBe(2);
    expect(conflicts).toHaveLength(1);
    expect(await stored(store, "s")).toEqual([0, 1, 2]);
    expect(cache.map.get("s")?.revision).toBe(2);
  });

  it(`gives up after ${CONFLICT_RETRIES} retries with the conflict, dropping the cached state`, async () => {
    const store = createInMemoryEventStore();
    const cache = mapCache();
    await createCommandHandler({ store, fold, evolve, toNewEvent, cache }).handle("s", addNext);
    // a rival whose append always lands just before ours
    const racing: EventStore = Object.assign(Object.create(store) as EventStore, {
      appendToStream: async (...a: Parameters<EventStore["appendToStream"]>) => {
        await store.appendToStream(a[0], [toNewEvent(added(-1))], { expectedRevision: "any" });
        return store.appendToStream(...a);
      },
    });
    const h = createCommandHandler({ store: racing, fold, evolve, toNewEvent, cache });
    let decisions = 0;
    const err = await h
      .handle("s", (loaded) => {
        decisions++;
        return addNext(loaded);
      })
      .catch((e: unknown) => e);
    expect(isConcurrencyError(err)).toBe(true);
    expect(decisions).toBe(CONFLICT_RETRIES + 1);
    expect(cache.map.has("s")).toBe(false);
  });

  it("appends nothing when decide throws or decides nothing", async () => {
    const store = createInMemoryEventStore();
    const h = createCommandHandler({ store, fold, evolve, toNewEvent });
    await expect(
      h.handle("s", () => {
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect((await h.handle("s", () => ({ events: [], result: "none" }))).result).toBe("none");
    expect(await store.streamRevision("s")).toBeNull();
  });

  it("serves loads from the cache and drops the entry when the store fails", async () => {
    const store = createInMemoryEventStore();
    const cache = mapCache();
    const h = createCommandHandler({ store, fold, evolve, toNewEvent, cache });
    await h.handle("s", addNext);
    let reads = 0;
    const counting: EventStore = Object.assign(Object.create(store) as EventStore, {
      readStream: (...a: Parameters<EventStore["readStream"]>) => {
        reads++;
        return store.readStream(...a);
      },
      appendToStream: () => Promise.reject(new EventStoreError("unavailable", "down")),
    });
    const failing = createCommandHandler({ store: counting, fold, evolve, toNewEvent, cache });
    expect((await failing.load("s")).state).toEqual([0]);
    expect(reads).toBe(0);
    await expect(failing.handle("s", addNext)).rejects.toThrow("down");
    expect(cache.map.has("s")).toBe(false);
  });

  it("appends an unconditional fact at any revision without reading the stream", async () => {
    const store = createInMemoryEventStore();
    const h = createCommandHandler({ store, fold, evolve, toNewEvent });
    await h.handle("s", addNext);
    await h.handle("s", addNext);
    const decidedOn: number[][] = [];
    await h.handle(
      "s",
      (loaded) => {
        decidedOn.push(loaded.state);
        return { events: [added(99)], result: undefined };
      },
      { unconditional: true },
    );
    expect(decidedOn).toEqual([[]]);
    expect(await stored(store, "s")).toEqual([0, 1, 99]);
  });

  it("stores a snapshot every `snapshotEvery` events, from which the next load starts", async () => {
    const store = createInMemoryEventStore();
    const h = createCommandHandler({ store, fold, evolve, toNewEvent, snapshotEvery: 3 });
    for (let i = 0; i < 4; i++) await h.handle("s", addNext);
    await new Promise<void>((r) => setImmediate(r)); // the snapshot write is in the background
    const { snapshot, events } = await store.snapshots!.readFromSnapshot("s", fold.version);
    expect(snapshot).toMatchObject({ revision: 2, state: { ns: [0, 1, 2] } });
    expect(events.map((e) => e.data.n)).toEqual([3]);
    expect((await h.load("s")).state).toEqual([0, 1, 2, 3]);
  });
});
