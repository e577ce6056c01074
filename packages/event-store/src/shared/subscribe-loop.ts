import type { ReadAllOptions, RecordedEvent, SubscribeOptions, SubscriptionHandler } from "../port";

export interface ChangeSignal {
  /** A counter bumped on every wake-up (notification, poll tick). */
  generation(): number;
  /** Resolves once the generation differs from `seen`, the signal aborts, or `timeoutMs` passed. */
  waitForChange(seen: number, signal: AbortSignal, timeoutMs?: number): Promise<void>;
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
   * True when events exist after `from` although readAll just returned none: they are held back
   * (PostgreSQL: an older transaction is still open) or committed since the read. Nothing will
   * notify us when that older transaction ends, so we re-read with a short back-off instead of
   * waiting for the next notification or poll. It must not look at the visibility horizon
   * itself: the horizon can move between the read and this check, and a check that sees the
   * events already visible would send the loop to sleep with them undelivered.
   */
  heldBack?: (from: bigint | undefined) => Promise<boolean>,
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
    if (heldBack && (await heldBack(from))) {
      await changes.waitForChange(seen, signal, backoffMs);
      backoffMs = Math.min(backoffMs * 2, 100);
      continue;
    }
    backoffMs = 2;
    await changes.waitForChange(seen, signal);
  }
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
    waitForChange(seen, signal, timeoutMs) {
      if (generation !== seen || signal.aborted) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          waiters.delete(wake);
          signal.removeEventListener("abort", wake);
          resolve();
        };
        const timer = timeoutMs === undefined ? undefined : setTimeout(wake, timeoutMs);
        waiters.add(wake);
        signal.addEventListener("abort", wake, { once: true });
      });
    },
  };
}
