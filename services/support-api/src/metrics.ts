/**
 * The support API's Prometheus metrics, on a registry of its own (served by the ops server, not
 * on the GraphQL port). Labels are closed sets: the operation type and an outcome, never an
 * operation name (client-chosen), a user id, an agent or a variable.
 */
import { metricsRegistry } from "@factorlens/service-kit";

export type OperationType = "query" | "mutation" | "subscription" | "unknown";
/** ok: no GraphQL errors; error: errors in the result; invalid: refused by validation (limits, unknown fields); unauthenticated: 401 before any GraphQL work. */
export type OperationOutcome = "ok" | "error" | "invalid" | "unauthenticated";

export function createSupportApiMetrics(opts: { defaultMetrics?: boolean } = {}) {
  const { registry, counter, histogram } = metricsRegistry(opts);
  const operations = counter(
    "factorlens_support_api_operations_total",
    "GraphQL requests by operation type and outcome",
    ["operation", "outcome"],
  );
  const duration = histogram(
    "factorlens_support_api_operation_duration_seconds",
    "Execution time of queries and mutations (subscriptions: until the stream is set up)",
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    ["operation"],
  );
  const count = (operation: OperationType, outcome: OperationOutcome) =>
    operations.inc({ operation, outcome });
  return { registry, operations, duration, count };
}
export type SupportApiMetrics = ReturnType<typeof createSupportApiMetrics>;
