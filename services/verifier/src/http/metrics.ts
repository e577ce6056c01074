/**
 * Prometheus metrics on a registry of its own (one per server, so tests can build many). Labels
 * are route templates and coarse reasons only: never a user id, a code or a number.
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

export function createMetrics(opts: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: "factorlens_verifier_http_request_duration_seconds",
    help: "HTTP request latency by route template, method and status",
    labelNames: ["route", "method", "status"],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const verifyOutcomes = new Counter({
    name: "factorlens_verifier_verify_outcomes_total",
    help: "Verification outcomes by method and coarse reason",
    labelNames: ["method", "outcome", "reason"],
    registers: [registry],
  });
  const storeConflicts = new Counter({
    name: "factorlens_verifier_store_conflicts_total",
    help: "Expected-revision conflicts that led to a reload and a new decision",
    registers: [registry],
  });
  const diagnoses = new Counter({
    name: "factorlens_verifier_diagnoses_total",
    help: "Mismatch diagnoses run off the response path, by pattern or failure",
    labelNames: ["pattern"],
    registers: [registry],
  });
  const rateLimitSyncFailures = new Counter({
    name: "factorlens_verifier_rate_limit_sync_failures_total",
    help: "Failed exchanges of shared rate-limit counts (the instance then limits on its own counts)",
    labelNames: ["scope"],
    registers: [registry],
  });
  const smsRefusals = new Counter({
    name: "factorlens_verifier_sms_refusals_total",
    help: "SMS sends the SMS guard refused, by the destination prefix's country and reason",
    labelNames: ["country", "reason"],
    registers: [registry],
  });
  const ipThrottled = new Counter({
    name: "factorlens_verifier_ip_throttled_total",
    help: "Verify attempts answered rate_limited by the IP throttle",
    registers: [registry],
  });
  return {
    registry,
    httpDuration,
    verifyOutcomes,
    storeConflicts,
    diagnoses,
    rateLimitSyncFailures,
    smsRefusals,
    ipThrottled,
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
