/** Composition root of the relay: reads config, runs `startRelay` until SIGTERM/SIGINT. */
import { abortOnSignals, loadConfigOrExit, logFatal } from "@factorlens/service-kit";
import pino from "pino";
import { loadConfig } from "./config";
import { startRelay } from "./start";

const config = loadConfigOrExit(() => loadConfig(process.env));
const logger = pino({ name: "relay", level: config.logLevel });
const controller = abortOnSignals(logger);
try {
  await startRelay(config, logger, controller.signal);
} catch (error) {
  process.exitCode = 1;
  logFatal(logger, error, "relay stopped on error");
}
