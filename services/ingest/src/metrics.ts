/**
 * Ingest's Prometheus metrics, on a registry of its own (one per ingest, so tests can build many).
 * The only label is the dead-letter `reason`, the closed set `RejectionKind`: never a user id, a
 * key, an offset or the message.
 */
import { metricsRegistry } from "@factorlens/service-kit";
import type { RejectionKind } from "./validate";

export function createIngestMetrics(opts: { defaultMetrics?: boolean } = {}) {
  const { registry, counter, histogram } = metricsRegistry(opts);
  const consumed = counter(
    "factorlens_ingest_messages_consumed_total",
    "Messages handled and committed (a step retried after an outage counts once)",
  );
  const appended = counter(
    "factorlens_ingest_events_appended_total",
    "Events accepted by the store (an idempotent re-append of a stored id counts too)",
  );
  const duplicates = counter(
    "factorlens_ingest_duplicates_total",
    "Messages repeating an event id already seen in the same step (appended once by the store)",
  );
  const deadLettered = counter(
    "factorlens_ingest_dead_lettered_total",
    "Messages sent to the dead-letter topic, by reason",
    ["reason"],
  );
  const appendDuration = histogram(
    "factorlens_ingest_append_duration_seconds",
    "Time to append a step's events to the store (streams in parallel)",
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  );
  const deadLetter = (reason: RejectionKind) => deadLettered.inc({ reason });
  return { registry, consumed, appended, duplicates, deadLettered, deadLetter, appendDuration };
}
export type IngestMetrics = ReturnType<typeof createIngestMetrics>;
