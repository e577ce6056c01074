/**
 * Long-running loops (projector, relay, ingest) run until their signal aborts. A loop that ends
 * or fails on its own is a crash of the platform; stopping aborts it and waits until it returned.
 */
import { PlatformError } from "../errors";
import type { Lifecycle } from "../lifecycle";

export interface Crash {
  /** Rejects with the first part that crashed. Never resolves. */
  promise: Promise<never>;
  report(error: PlatformError): void;
}

export function createCrash(): Crash {
  let reject: (e: PlatformError) => void = () => {};
  const promise = new Promise<never>((_, r) => {
    reject = r;
  });
  promise.catch(() => {}); // observed by main.ts; never an unhandled rejection
  return { promise, report: (e) => reject(e) };
}

export function runInBackground(
  name: string,
  run: (signal: AbortSignal) => Promise<void>,
  life: Lifecycle,
  crash: Crash,
): void {
  const controller = new AbortController();
  const done = run(controller.signal).then(
    () => {
      if (!controller.signal.aborted)
        crash.report(new PlatformError("component_failed", `${name} stopped on its own`));
    },
    (error: unknown) => {
      if (controller.signal.aborted) return;
      const message = error instanceof Error ? error.message : String(error);
      crash.report(new PlatformError("component_failed", `${name} failed: ${message}`, { cause: error }));
    },
  );
  life.add(name, async () => {
    controller.abort();
    await done;
  });
}
