/**
 * The verifier's configuration as the platform hands it over: the operator's environment, with
 * the platform's port/host/database and the generated development keys filling what is unset.
 * The verifier's own `loadConfig` then validates it like in a standalone deployment.
 */
import type { PlatformConfig } from "../config";
import { DEMO_GUARD_ENV } from "../demo/guard-settings";
import type { DevCredentials } from "../dev-credentials";

export interface VerifierEnv {
  env: Record<string, string | undefined>;
  /** The dev API key when it is accepted by this verifier, else null. */
  devApiKey: string | null;
}

export function verifierEnv(
  config: PlatformConfig,
  credentials: DevCredentials,
  databaseUrl: string,
  demoCarrierUrl: string | null,
): VerifierEnv {
  const given = config.env;
  const env: Record<string, string | undefined> = {
    ...given,
    PORT: String(config.verifierPort),
    HOST: config.host,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: given.FACTORLENS_VERIFIER_LOG_LEVEL ?? config.logLevel,
  };
  env.FACTORLENS_MASTER_KEYS ??= `${credentials.masterKeyId}:${credentials.masterKeyBase64}`;
  const devEntry = `dev:verify+enroll+admin:${credentials.verifierApiKey}`;
  let devApiKey: string | null = credentials.verifierApiKey;
  if (!given.FACTORLENS_API_KEYS) env.FACTORLENS_API_KEYS = devEntry;
  else if (demoCarrierUrl) env.FACTORLENS_API_KEYS = `${given.FACTORLENS_API_KEYS},${devEntry}`;
  else devApiKey = null;
  if (demoCarrierUrl) {
    // The demo's carrier receives the SMS; codes live 30 s so late SMS show up within a minute;
    // all demo traffic comes from one socket address, so the per-IP limit must not throttle it.
    env.FACTORLENS_SMS_PROVIDER = "http";
    env.FACTORLENS_SMS_HTTP_URL = demoCarrierUrl;
    env.FACTORLENS_SMS_CODE_TTL_SECONDS ??= "30";
    env.FACTORLENS_RATE_LIMIT_PER_IP ??= "10000000";
    for (const [k, v] of Object.entries(DEMO_GUARD_ENV)) env[k] ??= v;
  }
  return { env, devApiKey };
}
