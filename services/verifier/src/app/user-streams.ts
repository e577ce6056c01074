/**
 * The verifier's binding of the command handler (@factorlens/event-store) to user streams: the
 * user-state fold, a bounded in-memory cache of state + revision per user (it spares the read on
 * the hot path; the expected revision on append stays the truth) and background snapshots.
 */
import {
  evolve,
  type FactorlensEvent,
  toStoredEvent,
  type UserState,
  userStateFold,
} from "@factorlens/domain";
import {
  createCommandHandler,
  type Decision,
  type EventStore,
  type Folded,
  userStreamId,
} from "@factorlens/event-store";
import { Lru } from "../lru";

export type Loaded = Folded<UserState>;

export interface UserStreamsOptions {
  store: EventStore;
  cacheSize: number;
  /** Store a snapshot once this many events were folded since the last one; 0 = snapshots off. */
  snapshotEvery: number;
  onConflict?: () => void;
  onSnapshotError?: (e: unknown) => void;
}

export function createUserStreams(opts: UserStreamsOptions) {
  const handler = createCommandHandler<UserState, FactorlensEvent>({
    store: opts.store,
    fold: userStateFold,
    evolve,
    toNewEvent: toStoredEvent,
    cache: new Lru<string, Loaded>(opts.cacheSize),
    snapshotEvery: opts.snapshotEvery,
    ...(opts.onConflict ? { onConflict: opts.onConflict } : {}),
    ...(opts.onSnapshotError ? { onSnapshotError: opts.onSnapshotError } : {}),
  });
  return {
    load: (userId: string): Promise<Loaded> => handler.load(userStreamId(userId)),
    /** Decides on the user's state and appends at its revision (see the command handler). */
    async execute<R>(
      userId: string,
      decide: (loaded: Loaded) => Decision<FactorlensEvent, R>,
      preloaded?: Loaded,
    ): Promise<R> {
      const options = preloaded ? { preloaded } : {};
      return (await handler.handle(userStreamId(userId), decide, options)).result;
    },
    forget: (userId: string) => handler.forget(userStreamId(userId)),
  };
}
export type UserStreams = ReturnType<typeof createUserStreams>;
