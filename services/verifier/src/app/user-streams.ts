/**
 * Loads a user's aggregate state and appends decisions with the expected revision. A bounded
 * in-memory cache of state + revision per user spares the read on the hot path; the expected
 * revision on append stays the truth: on a conflict the state is caught up from the store and the
 * decision is made again (bounded retries). On any store failure the cached entry is dropped.
 */
import { type FactorlensEvent, fromStoredEvent, toStoredEvent } from "@factorlens/domain";
import { type EventStore, isConcurrencyError, userStreamId } from "@factorlens/event-store";
import { VerifierError } from "../errors";
import { Lru } from "../lru";

export interface Loaded<S> {
  state: S;
  /** Revision of the last event folded into `state`; null when the stream does not exist. */
  revision: number | null;
}

export interface Decision<R> {
  events: FactorlensEvent[];
  result: R;
}

export interface UserStreamsOptions<S> {
  store: EventStore;
  initialState: () => S;
  evolve: (state: S, event: FactorlensEvent) => S;
  cacheSize: number;
  maxRetries?: number;
  onConflict?: () => void;
}

export function createUserStreams<S>(opts: UserStreamsOptions<S>) {
  const cache = new Lru<string, Loaded<S>>(opts.cacheSize);
  const maxRetries = opts.maxRetries ?? 8;

  async function catchUp(userId: string, from: Loaded<S>): Promise<Loaded<S>> {
    const recorded = await opts.store.readStream(userStreamId(userId), {
      fromRevision: from.revision === null ? 0 : from.revision + 1,
    });
    let { state, revision } = from;
    for (const r of recorded) {
      state = opts.evolve(state, fromStoredEvent(r));
      revision = r.revision;
    }
    return { state, revision };
  }

  async function load(userId: string, fresh = false): Promise<Loaded<S>> {
    const cached = fresh ? undefined : cache.get(userId);
    if (cached) return cached;
    try {
      const loaded = await catchUp(userId, { state: opts.initialState(), revision: null });
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
   * appended then.
   */
  async function execute<R>(userId: string, decide: (loaded: Loaded<S>) => Decision<R>): Promise<R> {
    let loaded = await load(userId);
    for (let attempt = 0; ; attempt++) {
      const { events, result } = decide(loaded);
      if (events.length === 0) return result;
      try {
        const res = await opts.store.appendToStream(userStreamId(userId), events.map(toStoredEvent), {
          expectedRevision: loaded.revision ?? "no_stream",
        });
        let state = loaded.state;
        for (const e of events) state = opts.evolve(state, e);
        cache.set(userId, { state, revision: res.nextExpectedRevision });
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
