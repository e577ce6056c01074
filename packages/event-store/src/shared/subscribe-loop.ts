import type { ReadAllOptions, RecordedEvent, SubscribeOptions, SubscriptionHandler } from "../port";

export interface ChangeSignal {
  /** A counter bumped on every wake-up (notification, poll tick). */
  generation(): number;
  /** Resolves once the generation differs from `seen`, or the signal aborts. */
  waitForChange(seen: number, signal: AbortSignal): Promise<void>;
}

/**
 * Catch-up then live, on top of readAll: reads a batch, awaits the handler (backpressure), repeats;
 * when caught up, waits for a wake-up. The generation is taken BEFORE each read, so a wake-up that
 * lands between an empty read and the wait is never lost.
 */
export async function runSubscription(
  readAll: (options: ReadAllOptions) => Promise<RecordedEvent[]>,
  changes: ChangeSignal,
  options: SubscribeOptions,
  handler: SubscriptionHandler,
  /**
   * True when committed events exist that readAll still holds back (PostgreSQL: an older
   * transaction is still open). Nothing will notify us when that transaction ends, so we
   * re-read with a short back-off instead of waiting for the next notification or poll.
   */
  heldBack?: () => Promise<boolean>,
): Promise<void> {
  const { signal } = options;
  const batchSize = options.batchSize ?? 500;
  let from = options.fromPosition;
  let backoffMs = 2;
  while (!signal.aborted) {
    const seen = changes.generation();
    const batch = await readAll({ fromPosition: from, maxCount: batchSize });
    if (signal.aborted) return;
    if (batch.length > 0) {
      await handler(batch);
      from = batch[batch.length - 1]!.position;
      backoffMs = 2;
      continue;
    }
    if (heldBack && (await heldBack())) {
      await Promise.race([changes.waitForChange(seen, signal), delay(backoffMs, signal)]);
      backoffMs = Math.min(backoffMs * 2, 100);
      continue;
    }
    backoffMs = 2;
    await changes.waitForChange(seen, signal);
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/** A ChangeSignal fed by `bump()`; used by the in-memory store and the PostgreSQL listener. */
export function createChangeSignal(): ChangeSignal & { bump(): void } {
  let generation = 0;
  const waiters = new Set<() => void>();
  return {
    generation: () => generation,
    bump() {
      generation++;
      for (const wake of [...waiters]) wake();
    },
    waitForChange(seen, signal) {
      if (generation !== seen || signal.aborted) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const wake = () => {
          waiters.delete(wake);
          signal.removeEventListener("abort", wake);
          resolve();
        };
        waiters.add(wake);
        signal.addEventListener("abort", wake, { once: true });
      });
    },
  };
}
