import type { PgContext } from "./pg-context";

/**
 * Best-effort wake-up of other processes after an append committed: one `pg_notify` at a time,
 * at least `minIntervalMs` apart, coalescing every append that completes meanwhile into the next
 * one (the first after a quiet spell goes at once). Outside the append's transaction on purpose:
 * PostgreSQL serialises the commits of notifying transactions on a global lock. A lost
 * notification costs at most one poll interval of the subscribers.
 */
export function createAfterCommitNotifier({ call, q }: PgContext, channel: string | null, minIntervalMs = 0) {
  let notifying = false;
  let again = false;
  let stopped = false;
  let last = Number.NEGATIVE_INFINITY;
  let waitTimer: NodeJS.Timeout | undefined;
  let endWait: (() => void) | undefined;
  const spacing = () => {
    const wait = last + minIntervalMs - performance.now();
    if (wait <= 0) return undefined;
    return new Promise<void>((resolve) => {
      endWait = resolve;
      waitTimer = setTimeout(resolve, wait);
      waitTimer.unref?.();
    });
  };
  return {
    notify(): void {
      if (!channel || stopped) return;
      if (notifying) {
        again = true;
        return;
      }
      notifying = true;
      void (async () => {
        try {
          do {
            await spacing();
            if (stopped) break;
            again = false;
            last = performance.now();
            await call("notify", () => q("notify", "SELECT pg_notify($1, '')", [channel]));
          } while (again && !stopped);
        } catch {
          // polling is the fallback; an unavailable store surfaces on the next real call
        } finally {
          notifying = false;
        }
      })();
    },
    stop(): void {
      stopped = true;
      clearTimeout(waitTimer);
      endWait?.();
    },
  };
}
