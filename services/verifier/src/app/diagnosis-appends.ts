/**
 * Coalesces the diagnosis appends: the diagnosis queue computes one diagnosis at a time, but no
 * longer waits for each MismatchDiagnosed append before the next. Events of one user that arrive
 * while that user's append is in flight go together in the next one (one append, one expected
 * revision, the events in arrival order); appends of different users run at once and the store's
 * batcher groups them into one statement. A failed append is reported and its events dropped
 * (a diagnosis is an explanation, never security state). `drain()` settles every append.
 */
export interface DiagnosisAppends<E> {
  add(userId: string, event: E): void;
  drain(): Promise<void>;
}

export function createDiagnosisAppends<E>(opts: {
  append: (userId: string, events: E[]) => Promise<void>;
  onError: (e: unknown) => void;
  /** Events held per user at most; more are dropped (and reported) until the append catches up. */
  maxPerUser?: number;
  onDropped?: () => void;
}): DiagnosisAppends<E> {
  const maxPerUser = opts.maxPerUser ?? 100;
  const waiting = new Map<string, E[]>();
  const running = new Map<string, Promise<void>>();

  const flush = (userId: string): Promise<void> => {
    const run = (async () => {
      for (let batch = waiting.get(userId); batch; batch = waiting.get(userId)) {
        waiting.delete(userId);
        try {
          await opts.append(userId, batch);
        } catch (e) {
          opts.onError(e);
        }
      }
    })().finally(() => running.delete(userId));
    running.set(userId, run);
    return run;
  };

  return {
    add(userId, event) {
      const batch = waiting.get(userId) ?? [];
      if (batch.length >= maxPerUser) {
        opts.onDropped?.();
        return;
      }
      batch.push(event);
      waiting.set(userId, batch);
      if (!running.has(userId)) void flush(userId);
    },
    async drain() {
      while (running.size > 0) await Promise.all([...running.values()]);
    },
  };
}
