/**
 * From a validated config and an event store + pool to the yoga instance and its live timeline
 * feed, not listening yet. `start.ts` calls it and listens; tests call `api.fetch`.
 */

import { randomBytes } from "node:crypto";
import { consoleAssetsDir } from "@factorlens/console";
import { createUuidV7Generator } from "@factorlens/domain";
import type { EventStore } from "@factorlens/event-store";
import {
  createIpLocationDbResolver,
  type GeoResolver,
  loadProjectionCheckpoint,
  withSchema,
} from "@factorlens/read-models";
import type pg from "pg";
import { createDeciderSupportActions } from "./adapters/decider-actions";
import { createLiveAttempts } from "./adapters/live-attempts";
import { createPgReadModels } from "./adapters/read-models-pg";
import { createHttpVerifierClient } from "./adapters/verifier-http";
import { createPseudonymizer } from "./auth/pseudonym";
import { trustedIssuers } from "./auth/trusted-issuers";
import type { SupportApiConfig } from "./config";
import { headPosition } from "./live/head-position";
import { createEventStoreTimelineFeed, type TimelineFeed } from "./live/timeline-feed";
import type { SupportApiMetrics } from "./metrics";
import type { YogaLogTarget } from "./server";
import { createSupportApi, type SupportApi } from "./server";

export interface WiredSupportApi {
  api: SupportApi;
  /** The live timeline feed behind the subscription; close it on shutdown. */
  feed: TimelineFeed;
}

export async function wireSupportApi(
  config: SupportApiConfig,
  deps: {
    pool: pg.Pool;
    store: EventStore;
    metrics?: SupportApiMetrics;
    /** Where live attempts' IPs are (the projector's resolver); default the bundled IP databases. */
    geo?: GeoResolver;
    /** The service's logger: the feed's stop (the error's name only) and yoga's own lines. Default: stderr. */
    logger?: YogaLogTarget & { warn(obj: object, msg?: string): void };
  },
): Promise<WiredSupportApi> {
  const { pool, store } = deps;
  const clock = { now: () => new Date() };
  const newId = createUuidV7Generator({ now: () => Date.now(), randomBytes: (n) => randomBytes(n) });
  const readDb = withSchema(pool, config.readModelsSchema);
  const feed = createEventStoreTimelineFeed({
    eventStore: store,
    toAttempts: createLiveAttempts(readDb, deps.geo ?? createIpLocationDbResolver()),
    startPosition: async () =>
      headPosition(store, await loadProjectionCheckpoint(readDb, config.projectorSubscriberId)),
    onError: (e) =>
      deps.logger
        ? deps.logger.warn({ err: { name: (e as Error).name } }, "timeline feed stopped")
        : process.stderr.write(`support-api: timeline feed stopped: ${(e as Error).name}\n`),
  });
  const api = createSupportApi({
    mode: config.mode,
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(config.console
      ? {
          console: {
            assetsDir: consoleAssetsDir,
            oidc: config.console.oidc,
            devLogin:
              config.console.devLogin && config.auth.jwt?.kind === "secret"
                ? { key: config.auth.jwt.secret, ttlSeconds: config.console.devLogin.ttlSeconds }
                : null,
          },
        }
      : {}),
    auth: { issuers: await trustedIssuers(config.auth), ...config.auth.tokens },
    lookups: config.lookups,
    deps: {
      readModels: createPgReadModels(readDb, { clock }),
      actions: createDeciderSupportActions({ eventStore: store, clock, newId }),
      pseudonymize: createPseudonymizer(config.pseudonymKey),
      clock,
      feed,
      ...(config.verifier
        ? {
            verifier: createHttpVerifierClient({
              baseUrl: config.verifier.url,
              apiKey: config.verifier.apiKey,
              timeoutMs: config.verifier.timeoutMs,
            }),
          }
        : {}),
    },
  });
  return { api, feed };
}
