import type { PgContext } from "./pg-context";

/**
 * Best-effort wake-up of other processes after an append committed: one `pg_notify` at a time,
 * coalescing every append that completes meanwhile into the next one. Outside the append's
 * transaction on purpose: PostgreSQL serialises the commits of notifying transactions on a global
 * lock. A lost notification costs at most one poll interval of the subscribers.
 */
export function createAfterCommitNotifier({ call, q }: PgContext, channel: string | null) {
  let notifying = false;
  let again = false;
  let stopped = false;
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
            again = false;
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
    },
  };
}
