/**
 * The projector's Prometheus metrics, on a registry of its own (one per projector, so tests can
 * build many). Labels are closed sets only (`result`): never a user id, a stream or a position.
 * Head and lag come from `probe`, run when Prometheus scrapes and at most once per `refreshMs`.
 */
import type { ProjectResult } from "@factorlens/read-models";
import { BATCH_SECONDS_BUCKETS, type LagProbe, metricsRegistry } from "@factorlens/service-kit";

export type { LagProbe };

export interface ProjectorMetricsOptions {
  defaultMetrics?: boolean;
  /** Store mode only: Kafka mode has no store head to compare with. */
  probe?: LagProbe;
  /** Default 5000 ms. */
  refreshMs?: number;
}

export function createProjectorMetrics(opts: ProjectorMetricsOptions = {}) {
  const { registry, counter, histogram, subscription } = metricsRegistry(opts);
  const events = counter(
    "factorlens_projector_events_total",
    "Events handled by the projector, by result (applied, duplicate, invalid)",
    ["result"],
  );
  const batches = counter(
    "factorlens_projector_batches_total",
    "Batches committed (read models and checkpoint in one transaction)",
  );
  const batchDuration = histogram(
    "factorlens_projector_batch_duration_seconds",
    "Time to project a batch and commit it with its checkpoint",
    BATCH_SECONDS_BUCKETS,
  );
  const { checkpoint, head, lag } = subscription({
    prefix: "factorlens_projector",
    subject: "the projector",
    checkpointHelp: "Store position of the last committed batch",
    probe: opts.probe,
    refreshMs: opts.refreshMs,
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
