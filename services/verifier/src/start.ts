/**
 * `start(config, shared?)`: the verifier wired on its store and database (wire.ts), listening on
 * `config.host:config.port`. Readiness is the app's own `/readyz`: the event store and the
 * verifier's database only, never Kafka, bounded.
 */
import {
  baseUrl,
  notReady,
  READY,
  type RunningService,
  type SharedResources,
  shareMetrics,
} from "@factorlens/service-kit";
import type { VerifierConfig } from "./config";
import { createLogger, REDACT_PATHS } from "./logger";
import { wireVerifier } from "./wire";

export async function start(config: VerifierConfig, shared: SharedResources = {}): Promise<RunningService> {
  // A shared logger gets the verifier's redaction too: keys, codes and secrets are never written.
  const logger = shared.logger
    ? shared.logger.child({}, { redact: { paths: REDACT_PATHS, censor: "[redacted]" } })
    : createLogger(config.logLevel);
  const verifier = await wireVerifier(config, {
    logger,
    ...(shared.store ? { store: shared.store } : {}),
    ...(shared.pool ? { pool: shared.pool } : {}),
    defaultMetrics: !shared.registry,
  });
  const unshare = shareMetrics(verifier.metrics.registry, shared.registry);
  const close = async () => {
    unshare();
    await verifier.close(); // drains requests and the diagnosis queue
  };
  try {
    await verifier.app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await close();
    throw error;
  }
  const address = verifier.app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  return {
    async ready() {
      const res = await verifier.app.inject({ method: "GET", url: "/readyz" });
      if (res.statusCode === 200) return READY;
      return notReady(`verifier: ${(res.json() as { detail?: string }).detail ?? "not ready"}`);
    },
    close,
    urls: { api: baseUrl(config.host, port), ops: null },
  };
}
