/**
 * The relay's Prometheus metrics, on a registry of its own (one per relay, so tests can build
 * many). Labels are closed sets only (`code` of a refusal): never a user id, an event id or a key.
 * Head and lag come from `probe`, run when Prometheus scrapes and at most once per `refreshMs`.
 */
import { type LagProbe, subscriptionGauges } from "@factorlens/service-kit";
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";
import type { RelayErrorCode } from "./errors";

export type { LagProbe };

export function createRelayMetrics(
  opts: { defaultMetrics?: boolean; probe?: LagProbe; refreshMs?: number } = {},
) {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry });
  const published = new Counter({
    name: "factorlens_relay_events_published_total",
    help: "Events acknowledged by the broker (a batch republished after a crash counts again)",
    registers: [registry],
  });
  const publishDuration = new Histogram({
    name: "factorlens_relay_publish_duration_seconds",
    help: "Time to publish a batch (acks = all) and store its checkpoint",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const refusals = new Counter({
    name: "factorlens_relay_redaction_refusals_total",
    help: "Events refused before publishing (the relay stops), by code: secret_material (its key), unroutable_event",
    labelNames: ["code"],
    registers: [registry],
  });
  const redacted = new Counter({
    name: "factorlens_relay_redacted_events_total",
    help: "Events that failed the redaction check and were published redacted, by rule: denied_field, full_phone_number",
    labelNames: ["rule"],
    registers: [registry],
  });
  const { checkpoint, head, lag } = subscriptionGauges(registry, {
    prefix: "factorlens_relay",
    subject: "the relay",
    checkpointHelp: "Store position of the last batch acknowledged and checkpointed",
    ...(opts.probe ? { probe: opts.probe } : {}),
    ...(opts.refreshMs !== undefined ? { refreshMs: opts.refreshMs } : {}),
  });
  const refused = (code: Extract<RelayErrorCode, "secret_material" | "unroutable_event">) =>
    refusals.inc({ code });
  return { registry, published, publishDuration, refusals, refused, redacted, checkpoint, head, lag };
}
export type RelayMetrics = ReturnType<typeof createRelayMetrics>;
