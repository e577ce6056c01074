/**
 * The support API's Prometheus metrics, on a registry of its own (served by the ops server, not
 * on the GraphQL port). Labels are closed sets: the operation type and an outcome, never an
 * operation name (client-chosen), a user id, an agent or a variable.
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

export type OperationType = "query" | "mutation" | "subscription" | "unknown";
/** ok: no GraphQL errors; error: errors in the result; invalid: refused by validation (limits, unknown fields); unauthenticated: 401 before any GraphQL work. */
export type OperationOutcome = "ok" | "error" | "invalid" | "unauthenticated";

export function createSupportApiMetrics(opts: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry });
  const operations = new Counter({
    name: "factorlens_support_api_operations_total",
    help: "GraphQL requests by operation type and outcome",
    labelNames: ["operation", "outcome"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "factorlens_support_api_operation_duration_seconds",
    help: "Execution time of queries and mutations (subscriptions: until the stream is set up)",
    labelNames: ["operation"],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const count = (operation: OperationType, outcome: OperationOutcome) =>
    operations.inc({ operation, outcome });
  return { registry, operations, duration, count };
}
export type SupportApiMetrics = ReturnType<typeof createSupportApiMetrics>;
