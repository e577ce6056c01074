/**
 * A supervised background loop (projector, relay, ingest): it runs until closed. A run that fails
 * or returns on its own is logged and started again after a backoff (doubling up to `maxMs`,
 * forever): a store stall, a database restart or a broker outage is waited out, never fatal.
 * While it waits, the part is not ready and says why; while it runs, its own readiness counts.
 */
import { notReady, READY, type Readiness, type ReadyAnswer, toReadiness } from "./readiness";

export interface SupervisorLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface SuperviseOptions {
  logger: SupervisorLogger;
  /** Default 500 ms doubling to 15 s. Reset after a run that lasted longer than `maxMs`. */
  backoff?: { initialMs: number; maxMs: number };
  /** The loop's own readiness while it runs (e.g. "stalled since …"). */
  ready?: () => ReadyAnswer;
  now?: () => Date;
}

export interface Supervised {
  readiness(): Readiness;
  /** Restarts so far (tests, metrics). */
  restarts(): number;
  /** Aborts the loop (or its wait) and resolves once it returned. */
  close(): Promise<void>;
}

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function supervise(
  name: string,
  run: (signal: AbortSignal) => Promise<void>,
  options: SuperviseOptions,
): Supervised {
  const { initialMs, maxMs } = options.backoff ?? { initialMs: 500, maxMs: 15_000 };
  const now = options.now ?? (() => new Date());
  const controller = new AbortController();
  const signal = controller.signal;
  let failure: string | null = null;
  let restarts = 0;

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve();
      });
    });

  const loop = (async () => {
    let delay = initialMs;
    while (!signal.aborted) {
      const started = Date.now();
      let why: string;
      try {
        await run(signal);
        if (signal.aborted) return;
        why = "stopped on its own";
      } catch (error) {
        if (signal.aborted) return;
        why = `failed: ${describe(error)}`;
      }
      if (Date.now() - started > maxMs) delay = initialMs;
      failure = `${name} ${why}; retrying since ${now().toISOString()}`;
      options.logger.warn({ part: name, reason: why, retryInMs: delay }, `${name} ${why}, retrying`);
      await wait(delay);
      delay = Math.min(delay * 2, maxMs);
      restarts++;
      failure = null; // running again: its own readiness speaks until it fails again
      if (!signal.aborted) options.logger.info({ part: name, restarts }, `${name} restarting`);
    }
  })();

  return {
    readiness() {
      if (signal.aborted) return notReady(`${name} is stopped`);
      if (failure !== null) return notReady(failure);
      if (!options.ready) return READY;
      const own = toReadiness(options.ready(), `${name} is not ready`);
      return own.ready || own.reason.startsWith(name) ? own : notReady(`${name}: ${own.reason}`);
    },
    restarts: () => restarts,
    async close() {
      controller.abort();
      await loop;
    },
  };
}
