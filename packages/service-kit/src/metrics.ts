/**
 * A service's Prometheus metrics on a registry of its own (one per instance, so tests can build
 * many), with the process's default metrics when asked. `counter`, `histogram` and a subscriber's
 * `subscription` gauges register on that registry only; names, help texts, label names and buckets
 * are the caller's, spelled out in full so a metric's name is found where it is made.
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";
import { subscriptionGauges } from "./subscription-gauges";

/** Seconds buckets for a batch's round trip (publish and checkpoint, project and commit): 5 ms to 10 s. */
export const BATCH_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function metricsRegistry(opts: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry });
  const counter = <L extends string = never>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] });
  const histogram = <L extends string = never>(
    name: string,
    help: string,
    buckets: number[],
    labelNames: readonly L[] = [],
  ) => new Histogram<L>({ name, help, buckets, labelNames, registers: [registry] });
  /** A store subscriber's checkpoint, head and lag gauges (see subscriptionGauges). */
  const subscription = (o: Parameters<typeof subscriptionGauges>[1]) => subscriptionGauges(registry, o);
  return { registry, counter, histogram, subscription };
}
