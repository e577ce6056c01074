/** `pnpm start`: env → config → start → serve until SIGTERM/SIGINT. */
import { loadConfigOrExit, serveUntilSignal } from "@factorlens/service-kit";
import pino from "pino";
import { loadConfig } from "./config";
import { start } from "./start";

const config = loadConfigOrExit(() => loadConfig(process.env));
const logger = pino({ name: "ingest", level: config.logLevel });
process.exit(await serveUntilSignal("ingest", () => start(config, { logger }), logger));
