/** `pnpm start`: runs the projector until SIGTERM/SIGINT. */
import { abortOnSignals, loadConfigOrExit, logFatal } from "@factorlens/service-kit";
import pino from "pino";
import { loadConfig, startProjector } from "./index";

const config = loadConfigOrExit(() => loadConfig(process.env));
const logger = pino({ name: "projector", level: config.logLevel });
const controller = abortOnSignals(logger);
try {
  await startProjector(config, logger, controller.signal);
} catch (error) {
  process.exitCode = 1;
  logFatal(logger, error, "projector stopped on error");
}
