/**
 * The last line of every service's `main.ts`: start it, serve until SIGTERM/SIGINT, close it.
 * Resolves with the exit code (`main.ts` exits with it, so no library timer holds the process).
 */
import type { RunningService } from "./service";
import { abortOnSignals, type LifecycleLogger, logFatal, type SignalSource } from "./signals";

export async function serveUntilSignal(
  name: string,
  start: () => Promise<RunningService>,
  logger: LifecycleLogger,
  options: { source?: SignalSource } = {},
): Promise<number> {
  const stop = abortOnSignals(logger, options).signal;
  let running: RunningService;
  try {
    running = await start();
  } catch (error) {
    logFatal(logger, error, `${name} could not start`);
    return 1;
  }
  logger.info({ urls: running.urls }, `${name} started`);
  if (!stop.aborted) await new Promise((resolve) => stop.addEventListener("abort", resolve, { once: true }));
  try {
    await running.close();
    logger.info({}, `${name} stopped`);
    return 0;
  } catch (error) {
    logFatal(logger, error, `${name} did not stop cleanly`);
    return 1;
  }
}
