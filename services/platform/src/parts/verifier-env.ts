/**
 * The verifier's configuration as the platform hands it over: the operator's environment, with
 * the platform's port/host/database and the generated development keys filling what is unset.
 * The verifier's own `loadConfig` then validates it like in a standalone deployment.
 */
import type { PlatformConfig } from "../config";
import { demoAccountApiKey } from "../demo/account-key";
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
    // the demo's account page (enroll only): its users disable 2FA as themselves, and get refused
    const accountKey = demoAccountApiKey(credentials.verifierApiKey);
    env.FACTORLENS_API_KEYS = `${env.FACTORLENS_API_KEYS},demo-account:enroll:${accountKey}`;
    env.FACTORLENS_FRESH_VERIFICATION_MINUTES ??= "1";
  }
  if (demoCarrierUrl) {
    // The demo's carrier receives the SMS; codes live 30 s so late SMS show up within a minute;
    // all demo traffic comes from one socket address, so the per-IP limit must not throttle it.
    env.FACTORLENS_SMS_PROVIDER = "http";
    env.FACTORLENS_SMS_HTTP_URL = demoCarrierUrl;
    env.FACTORLENS_SMS_CODE_TTL_SECONDS ??= "30";
    env.FACTORLENS_RATE_LIMIT_PER_IP ??= "10000000";
  }
  return { env, devApiKey };
}
