/**
 * Loads a stream's folded state through its newest snapshot (when the store has them): one read
 * of the snapshot and the events after it, so the cost of a load is bounded by how often
 * snapshots are taken, not by the stream's length. The expected-revision append stays the truth:
 * a snapshot is a cache of the fold, checked against the stream (event id at its revision) and
 * tagged with the fold's version; a missing, stale or unreadable one costs a longer fold.
 */
import type { EventStore, JsonObject, RecordedEvent, StateSnapshot } from "../port";

export interface SnapshotFold<S> {
  /** Changes whenever the state's shape or the fold changes (see the domain's derived version). */
  version: string;
  initial(): S;
  evolve(state: S, event: RecordedEvent): S;
  toJson(state: S): JsonObject;
  fromJson(json: JsonObject): S;
}

export interface Folded<S> {
  state: S;
  /** Revision of the last event folded in; null when the stream does not exist. */
  revision: number | null;
  /** Id of that event (what a snapshot of this state must name). */
  eventId: string | null;
  /** Revision of the newest snapshot known to be stored; null when none. */
  snapshotRevision: number | null;
}

export const foldEvents = <S>(
  fold: SnapshotFold<S>,
  from: Folded<S>,
  events: readonly RecordedEvent[],
): Folded<S> => {
  let { state, revision, eventId } = from;
  for (const e of events) {
    state = fold.evolve(state, e);
    revision = e.revision;
    eventId = e.id;
  }
  return { state, revision, eventId, snapshotRevision: from.snapshotRevision };
};

/** `useSnapshots: false` folds from revision 0 (snapshots switched off). */
export async function loadFolded<S>(
  store: EventStore,
  streamId: string,
  fold: SnapshotFold<S>,
  useSnapshots = true,
): Promise<Folded<S>> {
  const empty: Folded<S> = { state: fold.initial(), revision: null, eventId: null, snapshotRevision: null };
  if (!store.snapshots || !useSnapshots) return foldEvents(fold, empty, await store.readStream(streamId));
  const { snapshot, events } = await store.snapshots.readFromSnapshot(streamId, fold.version);
  const start: Folded<S> = snapshot
    ? {
        state: fold.fromJson(snapshot.state),
        revision: snapshot.revision,
        eventId: snapshot.eventId,
        snapshotRevision: snapshot.revision,
      }
    : empty;
  return foldEvents(fold, start, events);
}

/**
 * Stores a snapshot of `folded` when at least `every` events were folded since the last one
 * (0 = never). Returns the new snapshot revision at once; the write runs in the background and
 * a failure is only reported (the next load folds a little longer).
 */
export function snapshotIfDue<S>(
  store: EventStore,
  streamId: string,
  fold: SnapshotFold<S>,
  folded: Folded<S>,
  every: number,
  onError: (e: unknown) => void,
): number | null {
  const { revision, eventId, snapshotRevision } = folded;
  if (!store.snapshots || every <= 0 || revision === null || eventId === null) return snapshotRevision;
  if (revision - (snapshotRevision ?? -1) < every) return snapshotRevision;
  const snapshot: StateSnapshot = {
    version: fold.version,
    revision,
    eventId,
    state: fold.toJson(folded.state),
  };
  store.snapshots.save(streamId, snapshot).catch(onError);
  return revision;
}
