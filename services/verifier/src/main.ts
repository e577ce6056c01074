/** `pnpm start`: env → config → start → serve until SIGTERM/SIGINT. */
import { loadConfigOrExit, serveUntilSignal } from "@factorlens/service-kit";
import { loadConfig } from "./config";
import { createLogger } from "./logger";
import { start } from "./start";

const config = loadConfigOrExit(() => loadConfig(process.env));
const logger = createLogger(config.logLevel);
process.exit(await serveUntilSignal("verifier", () => start(config, { logger }), logger));
