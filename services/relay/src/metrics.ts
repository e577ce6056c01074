/**
 * The relay's Prometheus metrics, on a registry of its own (one per relay, so tests can build
 * many). Labels are closed sets only (`code` of a refusal): never a user id, an event id or a key.
 * Head and lag come from `probe`, run when Prometheus scrapes and at most once per `refreshMs`.
 */
import { BATCH_SECONDS_BUCKETS, type LagProbe, metricsRegistry } from "@factorlens/service-kit";
import type { RelayErrorCode } from "./errors";

export type { LagProbe };

export function createRelayMetrics(
  opts: { defaultMetrics?: boolean; probe?: LagProbe; refreshMs?: number } = {},
) {
  const { registry, counter, histogram, subscription } = metricsRegistry(opts);
  const published = counter(
    "factorlens_relay_events_published_total",
    "Events acknowledged by the broker (a batch republished after a crash counts again)",
  );
  const publishDuration = histogram(
    "factorlens_relay_publish_duration_seconds",
    "Time to publish a batch (acks = all) and store its checkpoint",
    BATCH_SECONDS_BUCKETS,
  );
  const refusals = counter(
    "factorlens_relay_redaction_refusals_total",
    "Events refused before publishing (the relay stops), by code: secret_material (its key), unroutable_event",
    ["code"],
  );
  const redacted = counter(
    "factorlens_relay_redacted_events_total",
    "Events that failed the redaction check and were published redacted, by rule: denied_field, full_phone_number",
    ["rule"],
  );
  const { checkpoint, head, lag } = subscription({
    prefix: "factorlens_relay",
    subject: "the relay",
    checkpointHelp: "Store position of the last batch acknowledged and checkpointed",
    probe: opts.probe,
    refreshMs: opts.refreshMs,
  });
  const refused = (code: Extract<RelayErrorCode, "secret_material" | "unroutable_event">) =>
    refusals.inc({ code });
  return { registry, published, publishDuration, refusals, refused, redacted, checkpoint, head, lag };
}
export type RelayMetrics = ReturnType<typeof createRelayMetrics>;
