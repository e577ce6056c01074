/** `pnpm start`: runs the projector until SIGTERM/SIGINT. */
import pino from "pino";
import { loadConfig, startProjector } from "./index";

const config = loadConfig(process.env);
const logger = pino({ name: "projector", level: config.logLevel });
const controller = new AbortController();
for (const sig of ["SIGTERM", "SIGINT"] as const) {
  process.once(sig, () => {
    logger.info({ signal: sig }, "stopping");
    controller.abort();
  });
}
try {
  await startProjector(config, logger, controller.signal);
} catch (error) {
  process.exitCode = 1;
  logger.fatal(
    { err: { name: (error as Error).name, message: (error as Error).message } },
    "projector stopped on error",
  );
}
