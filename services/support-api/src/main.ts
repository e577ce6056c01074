/** `pnpm start`: env → config → start → serve until SIGTERM/SIGINT. */
import { loadConfigOrExit, serveUntilSignal } from "@factorlens/service-kit";
import pino from "pino";
import { loadConfig } from "./config";
import { start } from "./start";

const config = loadConfigOrExit(() => loadConfig(process.env));
const logger = pino({ name: "support-api", level: config.logLevel });
process.exit(await serveUntilSignal("support-api", () => start(config, { logger }), logger));
