/**
 * The verifier's fastify app from its ports: the application service first (createVerifierApp),
 * then the HTTP layer around it (createServer), sharing one set of metrics. wire.ts calls it with
 * the PostgreSQL adapters; the test harness with its own clock and SMS sink.
 */
import type { FastifyInstance } from "fastify";
import type { IpThrottleStore, RateLimitExchange } from "./app/ports";
import { type AppDeps, createVerifierApp } from "./app/verifier-app";
import type { Metrics } from "./http/metrics";
import { createServer } from "./http/server";

export interface VerifierPorts extends Omit<AppDeps, "metrics"> {
  metrics: Metrics;
  /**
   * Shared rate limits: where the per-IP and per-user counts are exchanged with the other
   * instances every `config.rateLimit.syncMs`. Without it each instance limits on its own.
   */
  rateLimitExchange?: { ip: RateLimitExchange; user: RateLimitExchange } | undefined;
  /** Where instances share the IP throttle (used when `config.ipThrottle` is on). */
  ipThrottleStore?: IpThrottleStore;
}

export function composeVerifier(ports: VerifierPorts): Promise<FastifyInstance> {
  const { rateLimitExchange, ipThrottleStore, ...deps } = ports;
  return createServer({
    verifier: createVerifierApp(deps),
    clock: deps.clock,
    newId: deps.newId,
    logger: deps.logger,
    config: deps.config,
    metrics: deps.metrics,
    ...(rateLimitExchange ? { rateLimitExchange } : {}),
    ...(ipThrottleStore ? { ipThrottleStore } : {}),
  });
}
