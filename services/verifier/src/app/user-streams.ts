/**
 * Loads a user's aggregate state and appends decisions with the expected revision. A bounded
 * in-memory cache of state + revision per user spares the read on the hot path; the expected
 * revision on append stays the truth: on a conflict the state is caught up from the store and the
 * decision is made again (bounded retries). On any store failure the cached entry is dropped.
 * A cache miss reads the newest snapshot and the events after it in one round trip; a snapshot
 * is stored in the background every `snapshotEvery` events, so a miss folds at most about that
 * many events whatever the stream's length.
 */
import { type FactorlensEvent, toStoredEvent } from "@factorlens/domain";
import {
  type EventStore,
  type Folded,
  foldEvents,
  isConcurrencyError,
  loadFolded,
  type SnapshotFold,
  snapshotIfDue,
  userStreamId,
} from "@factorlens/event-store";
import { VerifierError } from "../errors";
import { Lru } from "../lru";

/** The state, the revision of its last event (null: no stream), and snapshot bookkeeping. */
export type Loaded<S> = Folded<S>;

export interface Decision<R> {
  events: FactorlensEvent[];
  result: R;
}

export interface UserStreamsOptions<S> {
  store: EventStore;
  /** The fold of stored records, with its snapshot version. */
  fold: SnapshotFold<S>;
  /** The same fold over the events a decision produced (before they are stored). */
  evolve: (state: S, event: FactorlensEvent) => S;
  cacheSize: number;
  /** Store a snapshot once this many events were folded since the last one; 0 = snapshots off. */
  snapshotEvery: number;
  maxRetries?: number;
  onConflict?: () => void;
  onSnapshotError?: (e: unknown) => void;
}

export function createUserStreams<S>(opts: UserStreamsOptions<S>) {
  const cache = new Lru<string, Loaded<S>>(opts.cacheSize);
  const maxRetries = opts.maxRetries ?? 8;

  const onSnapshotError = opts.onSnapshotError ?? (() => {});
  /** Starts a background snapshot when one is due; returns `loaded` with its bookkeeping. */
  const snapshotted = (userId: string, loaded: Loaded<S>): Loaded<S> => {
    const snapshotRevision = snapshotIfDue(
      opts.store,
      userStreamId(userId),
      opts.fold,
      loaded,
      opts.snapshotEvery,
      onSnapshotError,
    );
    return snapshotRevision === loaded.snapshotRevision ? loaded : { ...loaded, snapshotRevision };
  };

  async function catchUp(userId: string, from: Loaded<S>): Promise<Loaded<S>> {
    const recorded = await opts.store.readStream(userStreamId(userId), {
      fromRevision: from.revision === null ? 0 : from.revision + 1,
    });
    return foldEvents(opts.fold, from, recorded);
  }

  async function load(userId: string, fresh = false): Promise<Loaded<S>> {
    const cached = fresh ? undefined : cache.get(userId);
    if (cached) return cached;
    try {
      const loaded = snapshotted(
        userId,
        await loadFolded(opts.store, userStreamId(userId), opts.fold, opts.snapshotEvery > 0),
      );
      cache.set(userId, loaded);
      return loaded;
    } catch (e) {
      cache.delete(userId);
      throw e;
    }
  }

  /**
   * Runs `decide` on the current state and appends its events with the expected revision;
   * on a conflict catches up and decides again. `decide` may throw (a DomainError): nothing is
   * appended then. `preloaded`: the state this call already loaded (spares a second read when the
   * cache is off or evicted it meanwhile; the expected revision catches it if it is stale).
   */
  async function execute<R>(
    userId: string,
    decide: (loaded: Loaded<S>) => Decision<R>,
    preloaded?: Loaded<S>,
  ): Promise<R> {
    let loaded = preloaded ?? (await load(userId));
    for (let attempt = 0; ; attempt++) {
      const { events, result } = decide(loaded);
      if (events.length === 0) return result;
      try {
        const res = await opts.store.appendToStream(userStreamId(userId), events.map(toStoredEvent), {
          expectedRevision: loaded.revision ?? "no_stream",
        });
        let state = loaded.state;
        for (const e of events) state = opts.evolve(state, e);
        const next: Loaded<S> = {
          state,
          revision: res.nextExpectedRevision,
          eventId: events.at(-1)!.eventId,
          snapshotRevision: loaded.snapshotRevision,
        };
        cache.set(userId, snapshotted(userId, next));
        return result;
      } catch (e) {
        if (!isConcurrencyError(e)) {
          cache.delete(userId);
          throw e;
        }
        opts.onConflict?.();
        if (attempt >= maxRetries) {
          cache.delete(userId);
          throw new VerifierError("contention", "too many concurrent writers on one user stream");
        }
        try {
          loaded = await catchUp(userId, loaded);
        } catch (err) {
          cache.delete(userId);
          throw err;
        }
        cache.set(userId, loaded);
      }
    }
  }

  return { load, execute, forget: (userId: string) => cache.delete(userId) };
}
export type UserStreams<S> = ReturnType<typeof createUserStreams<S>>;
