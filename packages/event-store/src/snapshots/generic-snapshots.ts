/**
 * Snapshots for stores without a snapshot table (in-memory, EventStoreDB): the snapshot is kept in
 * a slot the adapter provides (a map, a side stream), checked against the stream's event at its
 * revision on every read, so an erased and re-created stream never reuses one. Two reads instead
 * of PostgreSQL's one round trip.
 */
import type { RecordedEvent, SnapshotStore, StateSnapshot } from "../port";

export interface SnapshotSlot {
  load(streamId: string, version: string): Promise<StateSnapshot | null>;
  store(streamId: string, snapshot: StateSnapshot): Promise<void>;
}

export function createGenericSnapshots(
  slot: SnapshotSlot,
  readStream: (streamId: string, fromRevision: number) => Promise<RecordedEvent[]>,
): SnapshotStore {
  /** The snapshot if its event still is the stream's event at its revision. */
  const valid = (snapshot: StateSnapshot | null, events: RecordedEvent[]) =>
    snapshot !== null && events[0]?.revision === snapshot.revision && events[0].id === snapshot.eventId;

  return {
    async readFromSnapshot(streamId, version) {
      const snapshot = await slot.load(streamId, version);
      if (snapshot) {
        const events = await readStream(streamId, snapshot.revision);
        if (valid(snapshot, events)) return { snapshot, events: events.slice(1) };
      }
      return { snapshot: null, events: await readStream(streamId, 0) };
    },
    async save(streamId, snapshot) {
      const current = await slot.load(streamId, snapshot.version);
      if (current && current.revision >= snapshot.revision) {
        const [at] = await readStream(streamId, current.revision);
        if (valid(current, at ? [at] : [])) return;
      }
      await slot.store(streamId, snapshot);
    },
  };
}
