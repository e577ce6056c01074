/** Life cycle of a service's composition root: stop on a signal, log a fatal error. */

/** What the helpers log through (a pino logger fits). Never pass secrets or codes to it. */
export interface LifecycleLogger {
  info(obj: object, msg?: string): void;
  fatal(obj: object, msg?: string): void;
}

/** Where signals come from: `process`, or an EventEmitter in tests. */
export interface SignalSource {
  once(event: NodeJS.Signals, listener: () => void): unknown;
}

/**
 * An AbortController aborted by the first of `signals` (default SIGTERM, SIGINT), each logged as
 * `{ signal } stopping`. The service passes `controller.signal` to its run loop.
 */
export function abortOnSignals(
  logger: Pick<LifecycleLogger, "info">,
  options: { signals?: readonly NodeJS.Signals[]; source?: SignalSource } = {},
): AbortController {
  const controller = new AbortController();
  const source = options.source ?? process;
  for (const signal of options.signals ?? (["SIGTERM", "SIGINT"] as const)) {
    source.once(signal, () => {
      logger.info({ signal }, "stopping");
      controller.abort();
    });
  }
  return controller;
}

/** Logs `msg` with a fatal error's name and message only (its other fields may carry input). */
export function logFatal(logger: Pick<LifecycleLogger, "fatal">, error: unknown, msg: string): void {
  const e = error instanceof Error ? error : new Error(String(error));
  logger.fatal({ err: { name: e.name, message: e.message } }, msg);
}

/**
 * A service's `main.ts` reads its configuration through this: a bad configuration prints the
 * loader's message (one line per bad setting) on stderr and exits 2, with no stack trace.
 */
export function loadConfigOrExit<C>(load: () => C): C {
  try {
    return load();
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  }
}
