/**
 * The projector's Prometheus metrics, on a registry of its own (one per projector, so tests can
 * build many). Labels are closed sets only (`result`): never a user id, a stream or a position.
 * Head and lag come from `probe`, run when Prometheus scrapes and at most once per `refreshMs`.
 */
import type { ProjectResult } from "@factorlens/read-models";
import { type LagProbe, subscriptionGauges } from "@factorlens/service-kit";
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

export type { LagProbe };

export interface ProjectorMetricsOptions {
  defaultMetrics?: boolean;
  /** Store mode only: Kafka mode has no store head to compare with. */
  probe?: LagProbe;
  /** Default 5000 ms. */
  refreshMs?: number;
}

export function createProjectorMetrics(opts: ProjectorMetricsOptions = {}) {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry });
  const events = new Counter({
    name: "factorlens_projector_events_total",
    help: "Events handled by the projector, by result (applied, duplicate, invalid)",
    labelNames: ["result"],
    registers: [registry],
  });
  const batches = new Counter({
    name: "factorlens_projector_batches_total",
    help: "Batches committed (read models and checkpoint in one transaction)",
    registers: [registry],
  });
  const batchDuration = new Histogram({
    name: "factorlens_projector_batch_duration_seconds",
    help: "Time to project a batch and commit it with its checkpoint",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const { checkpoint, head, lag } = subscriptionGauges(registry, {
    prefix: "factorlens_projector",
    subject: "the projector",
    checkpointHelp: "Store position of the last committed batch",
    ...(opts.probe ? { probe: opts.probe } : {}),
    ...(opts.refreshMs !== undefined ? { refreshMs: opts.refreshMs } : {}),
  });

  /** Hook for the projector's `onBatch`. */
  const observeBatch = (info: { position?: bigint; result: ProjectResult; seconds: number }) => {
    batches.inc();
    batchDuration.observe(info.seconds);
    if (info.result.applied > 0) events.inc({ result: "applied" }, info.result.applied);
    if (info.result.duplicates > 0) events.inc({ result: "duplicate" }, info.result.duplicates);
    if (info.result.invalid > 0) events.inc({ result: "invalid" }, info.result.invalid);
    if (info.position !== undefined) checkpoint.set(Number(info.position));
  };
  return { registry, events, batches, batchDuration, checkpoint, head, lag, observeBatch };
}
export type ProjectorMetrics = ReturnType<typeof createProjectorMetrics>;
