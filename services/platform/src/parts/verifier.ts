/** The verifier HTTP service: its own config loader and composition root, on the platform's store. */
import type { EventStore } from "@factorlens/event-store";
import { loadConfig as loadVerifierConfig, type VerifierConfig, wireVerifier } from "@factorlens/verifier";
import type { PlatformConfig } from "../config";
import type { DemoCarrier } from "../demo/sms-carrier";
import type { DevCredentials } from "../dev-credentials";
import { PlatformError } from "../errors";
import type { Lifecycle } from "../lifecycle";
import { assertPortFree } from "../ports";
import { verifierEnv } from "./verifier-env";

export interface StartedVerifier {
  url: string;
  devApiKey: string | null;
  smsTtlSeconds: number;
}

export async function startVerifier(deps: {
  config: PlatformConfig;
  credentials: DevCredentials;
  databaseUrl: string;
  store: EventStore;
  life: Lifecycle;
  carrier: DemoCarrier | null;
}): Promise<StartedVerifier> {
  const { env, devApiKey } = verifierEnv(
    deps.config,
    deps.credentials,
    deps.databaseUrl,
    deps.carrier?.url ?? null,
  );
  let config: VerifierConfig;
  try {
    config = loadVerifierConfig(env);
  } catch (e) {
    throw new PlatformError("invalid_config", e instanceof Error ? e.message : String(e));
  }
  await assertPortFree(config.host, config.port, "set FACTORLENS_VERIFIER_PORT");
  const verifier = await wireVerifier(config, { store: deps.store });
  deps.life.add("verifier", () => verifier.close()); // drains requests and the diagnosis queue
  await verifier.app.listen({ host: config.host, port: config.port });
  const address = verifier.app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  return { url: `http://${config.host}:${port}`, devApiKey, smsTtlSeconds: config.sms.codeTtlSeconds };
}
