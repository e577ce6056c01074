/**
 * The support GraphQL API (graphql-yoga) on node:http, wired by the support API's own
 * `wireSupportApi` on the platform's event store and pool, listening on the platform's host.
 */
import { createServer } from "node:http";
import type { EventStore } from "@factorlens/event-store";
import {
  createSupportApiMetrics,
  loadConfig as loadSupportConfig,
  type SupportApiConfig,
  wireSupportApi,
} from "@factorlens/support-api";
import type pg from "pg";
import type { Registry } from "prom-client";
import type { PlatformConfig } from "../config";
import type { DevCredentials } from "../dev-credentials";
import { signDevToken } from "../dev-token";
import { PlatformError } from "../errors";
import type { Lifecycle } from "../lifecycle";
import { assertPortFree } from "../ports";
import { supportEnv } from "./support-env";

export async function startSupportApi(deps: {
  config: PlatformConfig;
  credentials: DevCredentials;
  databaseUrl: string;
  pool: pg.Pool;
  store: EventStore;
  life: Lifecycle;
  /** The platform's verifier, for resyncHotp: its URL and the dev API key (admin scope) if accepted. */
  verifier: { url: string; devApiKey: string | null };
}): Promise<{ graphqlUrl: string; devAdminToken: string | null; registry: Registry }> {
  const { env, devJwtSecret, issuer, audience } = supportEnv(deps.config, deps.credentials, deps.databaseUrl);
  if (env.SUPPORT_VERIFIER_URL === undefined && deps.verifier.devApiKey !== null) {
    env.SUPPORT_VERIFIER_URL = deps.verifier.url;
    env.SUPPORT_VERIFIER_API_KEY = deps.verifier.devApiKey;
  }
  let config: SupportApiConfig;
  try {
    config = loadSupportConfig(env);
  } catch (e) {
    throw new PlatformError("invalid_config", `invalid support API configuration: ${(e as Error).message}`);
  }
  const host = deps.config.host;
  await assertPortFree(host, config.port, "set FACTORLENS_SUPPORT_PORT");
  const metrics = createSupportApiMetrics();
  const { api, feed } = await wireSupportApi(config, { pool: deps.pool, store: deps.store, metrics });
  deps.life.add("support API feed", () => feed.close());
  const server = createServer(api);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, host, () => resolve());
  });
  deps.life.add("support API", async () => {
    server.closeIdleConnections();
    const closed = new Promise<void>((r) => server.close(() => r()));
    // Live subscriptions (SSE) never end on their own: give requests a moment, then cut them.
    const timer = setTimeout(() => server.closeAllConnections(), 2000);
    await closed;
    clearTimeout(timer);
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const devAdminToken = devJwtSecret ? await signDevToken({ secret: devJwtSecret, issuer, audience }) : null;
  return { graphqlUrl: `http://${host}:${port}/graphql`, devAdminToken, registry: metrics.registry };
}
