/**
 * Prometheus metrics on a registry of its own (one per server, so tests can build many). Labels
 * are route templates and coarse reasons only: never a user id, a code or a number.
 */
import { metricsRegistry } from "@factorlens/service-kit";

export function createMetrics(opts: { defaultMetrics?: boolean } = {}) {
  const { registry, counter, histogram } = metricsRegistry(opts);
  const httpDuration = histogram(
    "factorlens_verifier_http_request_duration_seconds",
    "HTTP request latency by route template, method and status",
    [0.001, 0.0025, 0.005, 0.01, 0.015, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    ["route", "method", "status"],
  );
  const verifyOutcomes = counter(
    "factorlens_verifier_verify_outcomes_total",
    "Verification outcomes by method and coarse reason",
    ["method", "outcome", "reason"],
  );
  const storeConflicts = counter(
    "factorlens_verifier_store_conflicts_total",
    "Expected-revision conflicts that led to a reload and a new decision",
  );
  const diagnoses = counter(
    "factorlens_verifier_diagnoses_total",
    "Mismatch diagnoses run off the response path, by pattern or failure",
    ["pattern"],
  );
  const rateLimitSyncFailures = counter(
    "factorlens_verifier_rate_limit_sync_failures_total",
    "Failed exchanges of shared rate-limit counts (the instance then limits on its own counts)",
    ["scope"],
  );
  const smsRefusals = counter(
    "factorlens_verifier_sms_refusals_total",
    "SMS sends the SMS guard refused, by the destination prefix's country and reason",
    ["country", "reason"],
  );
  const ipThrottled = counter(
    "factorlens_verifier_ip_throttled_total",
    "Verify attempts answered rate_limited by the IP throttle",
  );
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
