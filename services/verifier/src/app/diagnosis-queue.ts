/**
 * Runs mismatch diagnoses off the response path, one at a time (a diagnosis is CPU work on the
 * event loop: running them serially bounds how long any one request can be delayed by them). A
 * job holds the failed code only in its closure (memory). When too many are pending the job is
 * dropped, not queued, so a flood of failures cannot grow memory. `drain()` settles every job.
 */
import type { Logger } from "pino";

export interface DiagnosisQueue {
  enqueue(job: () => Promise<void>): boolean;
  drain(): Promise<void>;
  readonly pending: number;
}

export function createDiagnosisQueue(opts: {
  logger: Logger;
  maxPending?: number;
  onDropped?: () => void;
}): DiagnosisQueue {
  const maxPending = opts.maxPending ?? 1000;
  let pending = 0;
  let tail: Promise<void> = Promise.resolve();
  const run = async (job: () => Promise<void>) => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      await job();
    } catch (e) {
      const issues = (e as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
      opts.logger.warn(
        {
          err: { type: (e as Error)?.name, errorCode: (e as { code?: string })?.code },
          // zod issues carry paths and rule messages, never input values
          ...(issues ? { issues: issues.map((i) => `${i.path.map(String).join(".")}: ${i.message}`) } : {}),
        },
        "diagnosis failed",
      );
    } finally {
      pending--;
    }
  };
  return {
    enqueue(job) {
      if (pending >= maxPending) {
        opts.onDropped?.();
        return false;
      }
      pending++;
      tail = tail.then(() => run(job));
      return true;
    },
    async drain() {
      while (pending > 0) await tail;
    },
    get pending() {
      return pending;
    },
  };
}
