/**
 * Runs mismatch diagnoses off the response path. A job holds the failed code only in its closure
 * (memory) and is dropped, not queued, when too many are pending: a flood of failures must not
 * grow memory or slow verification. `drain()` settles every pending job (tests, shutdown).
 */
import type { Logger } from "pino";

export interface DiagnosisQueue {
  enqueue(job: () => Promise<void>): boolean;
  drain(): Promise<void>;
  readonly pending: number;
}

export function createDiagnosisQueue(opts: { logger: Logger; maxPending?: number; onDropped?: () => void }) {
  const maxPending = opts.maxPending ?? 1000;
  const inFlight = new Set<Promise<void>>();
  const queue: DiagnosisQueue = {
    enqueue(job) {
      if (inFlight.size >= maxPending) {
        opts.onDropped?.();
        return false;
      }
      const p: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(job)
        .catch((e: unknown) => {
          const issues = (e as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
          opts.logger.warn(
            {
              err: { type: (e as Error)?.name, errorCode: (e as { code?: string })?.code },
              // zod issues carry paths and rule messages, never input values
              ...(issues
                ? { issues: issues.map((i) => `${i.path.map(String).join(".")}: ${i.message}`) }
                : {}),
            },
            "diagnosis failed",
          );
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      return true;
    },
    async drain() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    get pending() {
      return inFlight.size;
    },
  };
  return queue;
}
