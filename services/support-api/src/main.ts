/** `pnpm start`: env → config → start → serve until SIGTERM/SIGINT. */
import { createLogger, loadConfigOrExit, serveUntilSignal } from "@factorlens/service-kit";
import { loadConfig } from "./config";
import { start } from "./start";

const config = loadConfigOrExit(() => loadConfig(process.env));
const logger = createLogger("support-api", config.logLevel);
process.exit(await serveUntilSignal("support-api", () => start(config, { logger }), logger));
