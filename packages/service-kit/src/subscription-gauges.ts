/**
 * The three gauges every store subscriber (projector, relay) exposes: its checkpoint, the store's
 * head and the events between them. Head and lag come from `probe` when Prometheus scrapes, at
 * most once per `refreshMs` (several scrapers share one query).
 */
import { Gauge, type Registry } from "prom-client";
import { atMostEvery } from "./throttle";

/** Where the store's head is, the subscriber's stored checkpoint and the events after it. */
export type LagProbe = () => Promise<{ head: bigint | null; checkpoint: bigint | null; behind: number }>;

export function subscriptionGauges(
  registry: Registry,
  opts: {
    /** Metric name prefix, e.g. "factorlens_relay". */
    prefix: string;
    /** Who is behind, for the help texts, e.g. "the relay". */
    subject: string;
    /** What the checkpoint marks, for its help text. */
    checkpointHelp: string;
    probe?: LagProbe;
    /** Default 5000 ms. */
    refreshMs?: number;
  },
) {
  const probe = opts.probe ? atMostEvery(opts.refreshMs ?? 5000, opts.probe) : undefined;
  const checkpoint = new Gauge({
    name: `${opts.prefix}_checkpoint_position`,
    help: opts.checkpointHelp,
    registers: [registry],
  });
  const lag = new Gauge({
    name: `${opts.prefix}_lag_events`,
    help: `Events committed to the store after ${opts.subject}'s checkpoint (capped by the probe)`,
    registers: [registry],
  });
  const head = new Gauge({
    name: `${opts.prefix}_head_position`,
    help: "Position of the last committed event in the store (refreshed at most every few seconds)",
    registers: [registry],
    async collect() {
      if (!probe) return;
      const p = await probe();
      if (p.head !== null) head.set(Number(p.head));
      if (p.checkpoint !== null) checkpoint.set(Number(p.checkpoint));
      lag.set(p.behind);
    },
  });
  return { checkpoint, head, lag };
}
