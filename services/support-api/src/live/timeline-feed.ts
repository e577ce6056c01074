import type { EventStore, RecordedEvent } from "@factorlens/event-store";
import type { AttemptView } from "@factorlens/read-models";
import { type Channel, channel } from "./channel";

/** Live attempts per user, for the `userTimeline` subscription. */
export interface TimelineFeed {
  /** Registered synchronously; ends when the consumer returns (client disconnects). */
  subscribe(userId: string): AsyncIterableIterator<AttemptView>;
  /** Resolves once the feed follows the store and has a subscriber for this user. */
  whenListening(userId: string): Promise<void>;
  close(): Promise<void>;
}

export interface EventStoreTimelineFeedOptions {
  eventStore: EventStore;
  /** The attempts a batch of stored events changes, as they are after it (createLiveAttempts). */
  toAttempts(events: RecordedEvent[]): Promise<AttemptView[]>;
  /** Where "now" is in the log: the feed follows only what is appended after it. */
  startPosition(): Promise<bigint | undefined>;
  onError?(error: unknown): void;
}

/**
 * One `subscribeToAll` from the current end of the log, shared by every subscriber and started
 * with the first one; events are routed to the subscribers of their user (a small pub/sub).
 */
export function createEventStoreTimelineFeed(options: EventStoreTimelineFeedOptions): TimelineFeed {
  const subscribers = new Map<string, Set<Channel<AttemptView>>>();
  const waiters = new Map<string, (() => void)[]>();
  let running: { abort: AbortController; ready: Promise<void>; done: Promise<void> } | null = null;

  const start = () => {
    const abort = new AbortController();
    const ready = options.startPosition();
    const done = ready
      .then((fromPosition) =>
        options.eventStore.subscribeToAll(
          { signal: abort.signal, ...(fromPosition !== undefined ? { fromPosition } : {}) },
          async (events) => {
            if (subscribers.size === 0) return;
            for (const attempt of await options.toAttempts(events))
              for (const ch of subscribers.get(attempt.userId) ?? []) ch.push(attempt);
          },
        ),
      )
      .catch((e: unknown) => options.onError?.(e))
      .finally(() => {
        if (running?.abort === abort) running = null;
      });
    running = { abort, ready: ready.then(() => undefined), done };
    return running;
  };

  return {
    subscribe(userId) {
      const set = subscribers.get(userId) ?? new Set();
      subscribers.set(userId, set);
      const ch = channel<AttemptView>(() => {
        set.delete(ch);
        if (set.size === 0) subscribers.delete(userId);
      });
      set.add(ch);
      const r = running ?? start();
      for (const w of waiters.get(userId) ?? []) void r.ready.then(w);
      waiters.delete(userId);
      return ch.iterator;
    },
    whenListening(userId) {
      if (subscribers.has(userId) && running) return running.ready;
      return new Promise((resolve) => waiters.set(userId, [...(waiters.get(userId) ?? []), resolve]));
    },
    async close() {
      const r = running;
      running = null;
      r?.abort.abort();
      await r?.done;
    },
  };
}
