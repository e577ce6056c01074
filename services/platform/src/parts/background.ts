/**
 * Long-running loops (projector, relay, ingest) are supervised parts: a loop that fails (store
 * stall, database restart, broker down) or returns on its own is logged and restarted with backoff,
 * forever, and reports itself unready meanwhile. It never stops the verifier or the support API;
 * only a part that cannot start at all stops the platform, at start. Stopping aborts the loop and
 * waits until it returned.
 */
import { type ReadyAnswer, type Supervised, type SupervisorLogger, supervise } from "@factorlens/service-kit";
import type { Lifecycle } from "../lifecycle";

export function runSupervised(
  name: string,
  run: (signal: AbortSignal) => Promise<void>,
  opts: {
    life: Lifecycle;
    logger: SupervisorLogger;
    ready?: () => ReadyAnswer;
    backoff?: { initialMs: number; maxMs: number };
  },
): Supervised {
  const part = supervise(name, run, {
    logger: opts.logger,
    ...(opts.ready ? { ready: opts.ready } : {}),
    ...(opts.backoff ? { backoff: opts.backoff } : {}),
  });
  opts.life.add(name, () => part.close());
  return part;
}

/** The platform's log line for a part's supervision event (no error fields beyond the message). */
export const lineLogger = (log: (line: string) => void): SupervisorLogger => ({
  info: (_obj, msg) => log(`factorlens: ${msg ?? ""}`),
  warn: (_obj, msg) => log(`factorlens: ${msg ?? ""}`),
});
