/**
 * `pnpm start`: the whole platform in one process. Ctrl-C (SIGINT) or SIGTERM stops every part in
 * reverse start order and exits 0; a failed start stops the rest and exits 1. After the start a
 * failing background part is restarted by its supervisor (parts/background.ts), never fatal.
 * A second Ctrl-C more than 2 s after the first exits at once with 130 (sooner ones are the same
 * Ctrl-C relayed by the pnpm/tsx wrappers, which also receive it).
 * Not on a terminal every line is pino JSON (parts/part-logger.ts), the banner one `ready` line;
 * a bad setting is still one plain line on stderr (it is found before there is a logger).
 */
import { logReady, printBanner } from "./banner";
import { loadConfig, type PlatformConfig } from "./config";
import { runDemo } from "./demo/run-demo";
import { isPlatformError } from "./errors";
import { createLifecycle } from "./lifecycle";
import { createPlatformLog, type PlatformLog } from "./parts/part-logger";
import { startPlatform } from "./platform";

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);
const json = !process.stdout.isTTY;
// Until the config names the level (a signal during loadConfig): the platform's lines at info.
let log: PlatformLog = createPlatformLog({ json, level: "info", out, err });
const life = createLifecycle();
const demoAbort = new AbortController();
let shuttingDown = false;
let firstSignalAt = 0;

async function shutdown(code: number, why: string): Promise<never> {
  if (shuttingDown) return new Promise<never>(() => {}); // the first shutdown exits
  shuttingDown = true;
  process.exitCode = code;
  log.line(`${why}, stopping…`);
  demoAbort.abort();
  const { failed } = await life.stopAll((line) =>
    json ? log.line(line, line.startsWith("failed") ? "error" : "info") : out(`  ${line}`),
  );
  if (failed.length > 0 && code === 0) process.exitCode = 1;
  log.line(`stopped (exit ${process.exitCode})`, process.exitCode === 0 ? "info" : "error", {
    exitCode: process.exitCode,
  });
  process.exit(process.exitCode);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (firstSignalAt === 0) firstSignalAt = Date.now();
    else if (Date.now() - firstSignalAt > 2000) {
      log.line(`${signal} again, exiting now`, "warn");
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
log = createPlatformLog({ json, level: config.logLevel, out, err });

try {
  const platform = await startPlatform(config, life, log);
  if (shuttingDown) await new Promise(() => {}); // a signal arrived during start: shutdown() exits
  if (json) logReady(platform.info, log);
  else printBanner(platform.info, out);
  if (config.demo && platform.demoTarget) {
    // A demo failure is reported but leaves the platform running for exploration.
    await runDemo(config.demo, platform.demoTarget, {
      signal: demoAbort.signal,
      out: (line) => (json ? log.line(line) : out(line)),
    }).catch((e: unknown) => {
      if (!shuttingDown) log.line(`demo failed: ${describe(e)}`, "error");
    });
  }
} catch (e) {
  if (!shuttingDown) {
    log.line(`start failed: ${describe(e)}`, "error");
    await shutdown(1, "start failed");
  }
}
