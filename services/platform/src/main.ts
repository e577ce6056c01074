/**
 * `pnpm start`: the whole platform in one process. Ctrl-C (SIGINT) or SIGTERM stops every part in
 * reverse start order and exits 0; a failed start stops the rest and exits 1. After the start a
 * failing background part is restarted by its supervisor (parts/background.ts), never fatal.
 * A second Ctrl-C more than 2 s after the first exits at once with 130 (sooner ones are the same
 * Ctrl-C relayed by the pnpm/tsx wrappers, which also receive it).
 */
import { printBanner } from "./banner";
import { loadConfig, type PlatformConfig } from "./config";
import { runDemo } from "./demo/run-demo";
import { isPlatformError } from "./errors";
import { createLifecycle } from "./lifecycle";
import { startPlatform } from "./platform";

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);
const life = createLifecycle();
const demoAbort = new AbortController();
let shuttingDown = false;
let firstSignalAt = 0;

async function shutdown(code: number, why: string): Promise<never> {
  if (shuttingDown) return new Promise<never>(() => {}); // the first shutdown exits
  shuttingDown = true;
  process.exitCode = code;
  out(`factorlens: ${why}, stopping…`);
  demoAbort.abort();
  const { failed } = await life.stopAll((line) => out(`  ${line}`));
  if (failed.length > 0 && code === 0) process.exitCode = 1;
  out(`factorlens: stopped (exit ${process.exitCode})`);
  process.exit(process.exitCode);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (firstSignalAt === 0) firstSignalAt = Date.now();
    else if (Date.now() - firstSignalAt > 2000) {
      out(`factorlens: ${signal} again, exiting now`);
      process.exit(130);
    }
    void shutdown(0, `${signal} received`);
  });
}

const describe = (e: unknown): string =>
  isPlatformError(e) || e instanceof Error ? `${e.name}: ${e.message}` : String(e);

let config: PlatformConfig;
try {
  config = loadConfig(process.env, process.argv.slice(2));
} catch (e) {
  err(`factorlens: ${describe(e)}`);
  process.exit(2);
}

try {
  const platform = await startPlatform(config, life, out);
  if (shuttingDown) await new Promise(() => {}); // a signal arrived during start: shutdown() exits
  printBanner(platform.info, out);
  if (config.demo && platform.demoTarget) {
    // A demo failure is reported but leaves the platform running for exploration.
    await runDemo(config.demo, platform.demoTarget, { signal: demoAbort.signal, out }).catch((e: unknown) => {
      if (!shuttingDown) err(`factorlens: demo failed: ${describe(e)}`);
    });
  }
} catch (e) {
  if (!shuttingDown) {
    err(`factorlens: start failed: ${describe(e)}`);
    await shutdown(1, "start failed");
  }
}
