/**
 * Ingest's Prometheus metrics, on a registry of its own (one per ingest, so tests can build many).
 * The only label is the dead-letter `reason`, the closed set `RejectionKind`: never a user id, a
 * key, an offset or the message.
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";
import type { RejectionKind } from "./validate";

export function createIngestMetrics(opts: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry });
  const consumed = new Counter({
    name: "factorlens_ingest_messages_consumed_total",
    help: "Messages handled and committed (a step retried after an outage counts once)",
    registers: [registry],
  });
  const appended = new Counter({
    name: "factorlens_ingest_events_appended_total",
    help: "Events accepted by the store (an idempotent re-append of a stored id counts too)",
    registers: [registry],
  });
  const duplicates = new Counter({
    name: "factorlens_ingest_duplicates_total",
    help: "Messages repeating an event id already seen in the same step (appended once by the store)",
    registers: [registry],
  });
  const deadLettered = new Counter({
    name: "factorlens_ingest_dead_lettered_total",
    help: "Messages sent to the dead-letter topic, by reason",
    labelNames: ["reason"],
    registers: [registry],
  });
  const appendDuration = new Histogram({
    name: "factorlens_ingest_append_duration_seconds",
    help: "Time to append a step's events to the store (streams in parallel)",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const deadLetter = (reason: RejectionKind) => deadLettered.inc({ reason });
  return { registry, consumed, appended, duplicates, deadLettered, deadLetter, appendDuration };
}
export type IngestMetrics = ReturnType<typeof createIngestMetrics>;
