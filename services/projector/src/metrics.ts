/**
 * The projector's Prometheus metrics, on a registry of its own (one per projector, so tests can
 * build many). Labels are closed sets only (`result`): never a user id, a stream or a position.
 * Head and lag come from `probe`, run when Prometheus scrapes and at most once per `refreshMs`.
 */
import type { ProjectResult } from "@factorlens/read-models";
import { atMostEvery } from "@factorlens/service-kit";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** Where the store's head is and how many events are after the checkpoint (capped by the probe). */
export type LagProbe = () => Promise<{ head: bigint | null; checkpoint: bigint | null; behind: number }>;

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
  const checkpoint = new Gauge({
    name: "factorlens_projector_checkpoint_position",
    help: "Store position of the last committed batch",
    registers: [registry],
  });
  const probe = opts.probe ? atMostEvery(opts.refreshMs ?? 5000, opts.probe) : undefined;
  const refresh = async () => {
    if (!probe) return;
    const p = await probe();
    if (p.head !== null) head.set(Number(p.head));
    if (p.checkpoint !== null) checkpoint.set(Number(p.checkpoint));
    lag.set(p.behind);
  };
  const head = new Gauge({
    name: "factorlens_projector_head_position",
    help: "Position of the last committed event in the store (refreshed at most every few seconds)",
    registers: [registry],
    collect: refresh,
  });
  const lag = new Gauge({
    name: "factorlens_projector_lag_events",
    help: "Events committed to the store after the projector's checkpoint (capped by the probe)",
    registers: [registry],
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
