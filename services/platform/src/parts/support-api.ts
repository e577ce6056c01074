/**
 * The support GraphQL API (graphql-yoga): its typed config from the operator's environment (its
 * own loader) with development fallbacks, started on the platform's pool, store, logger and
 * registry, listening on the platform's host.
 */
import { createHmac } from "node:crypto";
import type { RunningService } from "@factorlens/service-kit";
import {
  loadConfig as loadSupportConfig,
  namesTokenIssuer,
  SUPPORT_API_DEFAULTS,
  type SupportApiConfig,
  type SupportApiDefaults,
  start,
} from "@factorlens/support-api";
import type { Logger } from "pino";
import type { PlatformConfig } from "../config";
import type { DevCredentials } from "../dev-credentials";
import { signDevToken } from "../dev-token";
import { PlatformError } from "../errors";
import { assertPortFree } from "../ports";
import type { PlatformResources } from "./resources";

export const DEV_ISSUER = "factorlens-dev";

export interface PlatformSupportConfig {
  config: SupportApiConfig;
  /** The HS256 key to sign a dev admin token with, when the API accepts it; else null. */
  devJwtSecret: Uint8Array | null;
}

/**
 * The operator's settings win. Without an issuer of the operator's (a static key or the company
 * IdP) the API runs in development mode (GraphiQL, introspection, suggestions, the console's dev
 * login) on the generated HS256 key; with one, in production mode and no dev key is accepted.
 */
export function supportApiConfig(
  config: PlatformConfig,
  credentials: DevCredentials,
  databaseUrl: string,
  verifier: { url: string; devApiKey: string | null },
): PlatformSupportConfig {
  const operatorIssuer = namesTokenIssuer(config.env);
  // The support API takes the secret's UTF-8 bytes: the base64 text itself is the 44-byte key.
  const devSecret = new TextEncoder().encode(credentials.jwtSecretBase64);
  const defaults: SupportApiDefaults = {
    ...SUPPORT_API_DEFAULTS,
    databaseUrl,
    mode: operatorIssuer ? "production" : "development",
    // A static key (the dev one, or the operator's without SUPPORT_JWT_ISSUER) names this issuer.
    auth: {
      ...SUPPORT_API_DEFAULTS.auth,
      issuer: DEV_ISSUER,
      ...(operatorIssuer ? {} : { secret: devSecret }),
    },
    devLogin: { ...SUPPORT_API_DEFAULTS.devLogin, on: !operatorIssuer },
    pseudonymKey: createHmac("sha256", Buffer.from(credentials.jwtSecretBase64, "base64"))
      .update("factorlens-dev-pseudonym-key")
      .digest(),
    // resyncHotp calls the platform's verifier with the dev key (admin scope) when it accepts it.
    ...(verifier.devApiKey ? { verifier: { url: verifier.url, apiKey: verifier.devApiKey } } : {}),
  };
  let parsed: SupportApiConfig;
  try {
    parsed = loadSupportConfig(config.env, defaults);
  } catch (e) {
    throw new PlatformError("invalid_config", `invalid support API configuration: ${(e as Error).message}`);
  }
  return {
    config: {
      ...parsed,
      // The platform's own settings: its host, port, database and event store.
      host: config.host,
      port: config.supportPort,
      databaseUrl,
      eventStoreConnectionString: config.eventStoreConnectionString,
      ops: null, // the platform's one ops server serves its metrics
      logLevel: config.logLevel,
    },
    devJwtSecret: operatorIssuer ? null : devSecret,
  };
}

export async function startSupportApi(
  deps: PlatformResources & {
    credentials: DevCredentials;
    logger: Logger;
    /** The platform's verifier, for resyncHotp: its URL and the dev API key (admin scope) if accepted. */
    verifier: { url: string; devApiKey: string | null };
  },
): Promise<{
  graphqlUrl: string;
  devAdminToken: string | null;
  /** Issuer and audience of the dev token, when the API accepts one. */
  devToken: { issuer: string; audience: string } | null;
  running: RunningService;
}> {
  const { config, devJwtSecret } = supportApiConfig(
    deps.config,
    deps.credentials,
    deps.databaseUrl,
    deps.verifier,
  );
  await assertPortFree(config.host, config.port, "set FACTORLENS_SUPPORT_PORT");
  const { pool, store, logger, registry } = deps;
  const running = await start(config, { pool, store, logger, registry });
  deps.life.add("support API", () => running.close());
  const jwt = config.auth.jwt;
  const devAdminToken =
    devJwtSecret && jwt
      ? await signDevToken({ secret: devJwtSecret, issuer: jwt.issuer, audience: jwt.audience })
      : null;
  const devToken = devAdminToken && jwt ? { issuer: jwt.issuer, audience: jwt.audience } : null;
  return { graphqlUrl: `${running.urls.api}/graphql`, devAdminToken, devToken, running };
}
