/**
 * The verifier HTTP service: its typed config from the operator's environment (its own loader)
 * with the generated development keys as defaults, started on the platform's event store. It keeps
 * its own pool (the projector's batches never queue a login), logger (redaction) and `/metrics`.
 */
import type { EventStore } from "@factorlens/event-store";
import {
  apiKeyEntry,
  loadConfig as loadVerifierConfig,
  start,
  VERIFIER_DEFAULTS,
  type VerifierConfig,
  type VerifierDefaults,
} from "@factorlens/verifier";
import type { Logger } from "pino";
import type { PlatformConfig } from "../config";
import { demoAccountApiKey } from "../demo/account-key";
import { DEMO_IP_THROTTLE, DEMO_SMS_GUARD } from "../demo/guard-settings";
import type { DemoCarrier } from "../demo/sms-carrier";
import type { DevCredentials } from "../dev-credentials";
import { PlatformError } from "../errors";
import type { Lifecycle } from "../lifecycle";
import { assertPortFree } from "../ports";

export interface StartedVerifier {
  url: string;
  devApiKey: string | null;
  smsTtlSeconds: number;
}

export interface PlatformVerifierConfig {
  config: VerifierConfig;
  /** The dev API key when this verifier accepts it, else null. */
  devApiKey: string | null;
}

/**
 * The operator's settings win; the dev keys count where none are set. With the demo, the dev key is
 * accepted besides the operator's (the simulator uses it) and the SMS go to the demo's carrier.
 */
export function verifierConfig(
  config: PlatformConfig,
  credentials: DevCredentials,
  databaseUrl: string,
  demoCarrierUrl: string | null,
): PlatformVerifierConfig {
  const dev = apiKeyEntry("dev", ["verify", "enroll", "admin"], credentials.verifierApiKey);
  const defaults: VerifierDefaults = {
    ...VERIFIER_DEFAULTS,
    masterKeys: [{ id: credentials.masterKeyId, key: Buffer.from(credentials.masterKeyBase64, "base64") }],
    apiKeys: [dev],
    // The demo's settings: codes live 30 s so late SMS show up within a minute; all demo traffic
    // comes from one socket address, so the per-IP limit must not throttle it; a disable needs a
    // code from the last minute, so can't-disable users are refused within the run.
    ...(demoCarrierUrl
      ? {
          sms: { ...VERIFIER_DEFAULTS.sms, codeTtlSeconds: 30 },
          rateLimit: { ...VERIFIER_DEFAULTS.rateLimit, perIp: 10_000_000 },
          policy: { ...VERIFIER_DEFAULTS.policy, freshVerificationMinutes: 1 },
          // the SMS guard and the IP throttle are on in the demo (demo/guard-settings.ts)
          smsGuard: DEMO_SMS_GUARD,
          ipThrottle: DEMO_IP_THROTTLE,
        }
      : {}),
  };
  let parsed: VerifierConfig;
  try {
    parsed = loadVerifierConfig(config.env, defaults);
  } catch (e) {
    throw new PlatformError("invalid_config", e instanceof Error ? e.message : String(e));
  }
  const accepted = parsed.apiKeys.some((k) => k.sha256.equals(dev.sha256));
  const withDev = accepted || !demoCarrierUrl ? parsed.apiKeys : [...parsed.apiKeys, dev];
  // the demo's account page (enroll only): its users disable 2FA as themselves, and get refused
  const account = apiKeyEntry("demo-account", ["enroll"], demoAccountApiKey(credentials.verifierApiKey));
  const apiKeys = demoCarrierUrl ? [...withDev, account] : withDev;
  return {
    config: {
      ...parsed,
      // The platform's own settings: its host, port, database, event store and log level.
      host: config.host,
      port: config.verifierPort,
      databaseUrl,
      eventStoreConnectionString: config.eventStoreConnectionString,
      logLevel: config.verifierLogLevel,
      apiKeys,
      // The demo's carrier receives the SMS.
      ...(demoCarrierUrl
        ? { sms: { ...parsed.sms, provider: "http" as const, httpUrl: demoCarrierUrl } }
        : {}),
    },
    devApiKey: accepted || demoCarrierUrl ? credentials.verifierApiKey : null,
  };
}

export async function startVerifier(deps: {
  config: PlatformConfig;
  credentials: DevCredentials;
  databaseUrl: string;
  store: EventStore;
  life: Lifecycle;
  carrier: DemoCarrier | null;
  /** The verifier's logger (it adds its redaction), or undefined: its own. */
  logger?: Logger;
}): Promise<StartedVerifier> {
  const { config, devApiKey } = verifierConfig(
    deps.config,
    deps.credentials,
    deps.databaseUrl,
    deps.carrier?.url ?? null,
  );
  await assertPortFree(config.host, config.port, "set FACTORLENS_VERIFIER_PORT");
  const running = await start(config, { store: deps.store, ...(deps.logger ? { logger: deps.logger } : {}) });
  deps.life.add("verifier", () => running.close()); // drains requests and the diagnosis queue
  return { url: running.urls.api ?? "", devApiKey, smsTtlSeconds: config.sms.codeTtlSeconds };
}
