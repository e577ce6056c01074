/**
 * The one way to write to a stream (emmett's `CommandHandler` is the model): load the folded state
 * (an optional cache of state + revision, else the newest snapshot and the events after it) →
 * `decide` → append its events at the expected revision → on a conflict catch up from the store
 * and decide again, up to CONFLICT_RETRIES times, then the conflict is thrown. `decide` may throw:
 * nothing is appended then. Any store failure drops the cached entry. A snapshot of a kept state
 * (after an append; after a load into the cache) is stored in the background every `snapshotEvery`
 * events, so a load folds at most about that many.
 */
import { isConcurrencyError } from "../errors";
import type { EventStore, NewEvent } from "../port";
import {
  type Folded,
  foldEvents,
  loadFolded,
  type SnapshotFold,
  snapshotIfDue,
} from "../snapshots/load-folded";

/** Conflicts retried per command: each retry reads only the events that won the race. */
export const CONFLICT_RETRIES = 8;

/** A bounded cache of folded states by stream (the verifier's LRU); a cache never decides anything. */
export interface StateCache<S> {
  get(streamId: string): Folded<S> | undefined;
  set(streamId: string, folded: Folded<S>): void;
  delete(streamId: string): void;
}

export interface Decision<E, R> {
  events: E[];
  result: R;
}

export interface Handled<S, E, R> {
  result: R;
  /** The events appended (none when the decision had nothing to record). */
  events: E[];
  /** The stream after the command: its state and revision (null: still no stream). */
  folded: Folded<S>;
}

export interface CommandHandlerOptions<S, E extends { eventId: string }> {
  store: EventStore;
  /** The fold of stored events, with its snapshot version. */
  fold: SnapshotFold<S>;
  /** The same fold over the events a decision produced (before they are stored). */
  evolve: (state: S, event: E) => S;
  toNewEvent: (event: E) => NewEvent;
  cache?: StateCache<S>;
  /** Store a snapshot once this many events were folded since the last one; 0 (default) = off. */
  snapshotEvery?: number;
  onConflict?: () => void;
  onSnapshotError?: (e: unknown) => void;
}

export interface HandleOptions<S> {
  /** The state this call already loaded (spares a read; the expected revision catches a stale one). */
  preloaded?: Folded<S>;
  /**
   * The decision depends on no state (an audit fact): decided on the initial state and appended
   * at any revision, without reading the stream.
   */
  unconditional?: boolean;
}

export function createCommandHandler<S, E extends { eventId: string }>(opts: CommandHandlerOptions<S, E>) {
  const { store, fold, cache } = opts;
  const every = opts.snapshotEvery ?? 0;
  const onSnapshotError = opts.onSnapshotError ?? (() => {});

  /** Starts a background snapshot when one is due; returns `folded` with its bookkeeping. */
  const snapshotted = (streamId: string, folded: Folded<S>): Folded<S> => {
    const snapshotRevision = snapshotIfDue(store, streamId, fold, folded, every, onSnapshotError);
    return snapshotRevision === folded.snapshotRevision ? folded : { ...folded, snapshotRevision };
  };

  /** Runs `work`; on any failure the stream's cached entry is dropped and the error rethrown. */
  const guarded = async <T>(streamId: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (e) {
      cache?.delete(streamId);
      throw e;
    }
  };

  async function load(streamId: string): Promise<Folded<S>> {
    const cached = cache?.get(streamId);
    if (cached) return cached;
    const folded = await guarded(streamId, () => loadFolded(store, streamId, fold, every > 0));
    if (!cache) return folded; // snapshots are taken of kept states: here, of the append that follows
    const loaded = snapshotted(streamId, folded);
    cache.set(streamId, loaded);
    return loaded;
  }

  const catchUp = async (streamId: string, from: Folded<S>): Promise<Folded<S>> => {
    const fromRevision = from.revision === null ? 0 : from.revision + 1;
    const caught = foldEvents(fold, from, await store.readStream(streamId, { fromRevision }));
    cache?.set(streamId, caught);
    return caught;
  };

  async function appendDecided(streamId: string, loaded: Folded<S>, events: E[]): Promise<Folded<S>> {
    const res = await store.appendToStream(streamId, events.map(opts.toNewEvent), {
      expectedRevision: loaded.revision ?? "no_stream",
    });
    let state = loaded.state;
    for (const e of events) state = opts.evolve(state, e);
    const next = snapshotted(streamId, {
      state,
      revision: res.nextExpectedRevision,
      eventId: events.at(-1)!.eventId,
      snapshotRevision: loaded.snapshotRevision,
    });
    cache?.set(streamId, next);
    return next;
  }

  async function handle<R>(
    streamId: string,
    decide: (loaded: Folded<S>) => Decision<E, R>,
    options: HandleOptions<S> = {},
  ): Promise<Handled<S, E, R>> {
    if (options.unconditional) {
      const initial: Folded<S> = {
        state: fold.initial(),
        revision: null,
        eventId: null,
        snapshotRevision: null,
      };
      const { events, result } = decide(initial);
      if (events.length > 0) {
        cache?.delete(streamId);
        await store.appendToStream(streamId, events.map(opts.toNewEvent), { expectedRevision: "any" });
      }
      return { result, events, folded: initial };
    }
    let loaded = options.preloaded ?? (await load(streamId));
    for (let attempt = 0; ; attempt++) {
      const { events, result } = decide(loaded);
      if (events.length === 0) return { result, events, folded: loaded };
      try {
        return {
          result,
          events,
          folded: await guarded(streamId, () => appendDecided(streamId, loaded, events)),
        };
      } catch (e) {
        if (!isConcurrencyError(e)) throw e;
        opts.onConflict?.();
        if (attempt >= CONFLICT_RETRIES) throw e;
        const from = loaded;
        loaded = await guarded(streamId, () => catchUp(streamId, from));
      }
    }
  }

  return { load, handle, forget: (streamId: string) => cache?.delete(streamId) };
}

export type CommandHandler<S, E extends { eventId: string }> = ReturnType<typeof createCommandHandler<S, E>>;
