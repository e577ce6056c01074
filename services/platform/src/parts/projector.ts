/** The projector: event store subscription → read models, on the platform's pool and store. */
import { PROJECTOR_DEFAULTS, type ProjectorConfig, start } from "@factorlens/projector";
import type { RunningService } from "@factorlens/service-kit";
import type { Logger } from "pino";
import type { PlatformConfig } from "../config";
import type { PlatformResources } from "./resources";

/** The projector's own defaults; the platform gives only its database and event store. */
export const projectorConfig = (config: PlatformConfig, databaseUrl: string): ProjectorConfig => ({
  ...PROJECTOR_DEFAULTS,
  databaseUrl,
  eventStoreConnectionString: config.eventStoreConnectionString,
  kafka: null,
  ops: null, // the platform's one ops server serves its metrics and readiness
  logLevel: config.logLevel,
});

export async function startProjector(deps: PlatformResources & { logger: Logger }): Promise<RunningService> {
  const { pool, store, logger, registry } = deps;
  const running = await start(projectorConfig(deps.config, deps.databaseUrl), {
    pool,
    store,
    logger,
    registry,
  });
  deps.life.add("projector", () => running.close());
  return running;
}
