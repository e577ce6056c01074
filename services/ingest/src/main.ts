/** Composition root of ingest: reads config, runs `startIngest` until SIGTERM/SIGINT. */
import { abortOnSignals, loadConfigOrExit, logFatal } from "@factorlens/service-kit";
import pino from "pino";
import { loadConfig } from "./config";
import { startIngest } from "./start";

const config = loadConfigOrExit(() => loadConfig(process.env));
const logger = pino({ name: "ingest", level: config.logLevel });
const controller = abortOnSignals(logger);
try {
  await startIngest(config, logger, controller.signal);
} catch (error) {
  process.exitCode = 1;
  logFatal(logger, error, "ingest stopped on error");
}
