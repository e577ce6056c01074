/**
 * The one shape of a service, so that its `main.ts` and the platform compose every service alike:
 * `start(config, shared?)` opens what `shared` does not give (a pool, the event store, a logger, a
 * metrics registry), starts serving (listening, or a loop under supervision) and resolves with its
 * readiness and how to stop it. What `shared` gave stays open: its owner closes it.
 */
import { createEventStore, type EventStore, type EventStoreConfig } from "@factorlens/event-store";
import type pg from "pg";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import { createLogger } from "./logger";
import { type OpsLogger, startOpsServer } from "./ops-server";
import type { OpsConfig } from "./ops-settings";
import type { Readiness } from "./readiness";
import { type SuperviseOptions, supervise } from "./supervise";

export interface SharedResources {
  /** An open pool on the service's database (read models, its own tables). */
  pool?: pg.Pool;
  /** An open event store (built by `createEventStore`, like the service's own would be). */
  store?: EventStore;
  /** Default: a pino logger of the service's own at `config.logLevel`. */
  logger?: Logger;
  /** The service's metrics are registered here too (without process metrics), and removed on close. */
  registry?: Registry;
}

export interface RunningService {
  /** Bounded: never hangs on a stalled dependency, and names the one it waits for. */
  ready(): Promise<Readiness>;
  /** Stops serving and closes what the service opened itself; resolves once all of it is closed. */
  close(): Promise<void>;
  /** Base URLs it listens on: its API (verifier, support API) and its ops server; null when none. */
  urls: { api: string | null; ops: string | null };
}

export type StartService<C> = (config: C, shared?: SharedResources) => Promise<RunningService>;

/**
 * Registers the metrics of a service's own registry in `shared` too (the platform's one
 * `/metrics`); returns how to remove them again. Without `shared`, nothing to do.
 */
export function shareMetrics(own: Registry, shared: Registry | undefined): () => void {
  if (!shared) return () => {};
  const names = own.getMetricsAsArray().map((m) => m.name);
  for (const name of names) {
    const metric = own.getSingleMetric(name);
    if (metric) shared.registerMetric(metric);
  }
  return () => {
    for (const name of names) shared.removeSingleMetric(name);
  };
}

/** `http://host:port` of a listening server's address (IPv6 hosts in brackets). */
export function baseUrl(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/**
 * The running form of a background part (projector, relay, ingest) started under `supervise`: its
 * ops server (when configured) answers `ready`; `close` stops the part, then the ops server, then
 * what the service opened (`closeOwn`). An ops server that cannot listen stops the part again.
 */
export async function runningPart(o: {
  part: { close(): Promise<void> };
  ready: () => Promise<Readiness>;
  ops: OpsConfig | null;
  registry: Registry;
  logger: OpsLogger;
  closeOwn: () => Promise<void>;
}): Promise<RunningService> {
  let ops: Awaited<ReturnType<typeof startOpsServer>> | null = null;
  if (o.ops) {
    try {
      ops = await startOpsServer({ ...o.ops, registry: o.registry, logger: o.logger, ready: o.ready });
    } catch (error) {
      await o.part.close();
      throw error;
    }
  }
  return {
    ready: o.ready,
    urls: { api: null, ops: o.ops && ops ? baseUrl(o.ops.host, ops.port) : null },
    async close() {
      await o.part.close();
      await ops?.close();
      await o.closeOwn();
    },
  };
}

/** What a background part's `build` gets: its logger and where to register what it opens. */
export interface PartContext {
  /** The host's logger, or the part's own at `config.logLevel`. */
  logger: Logger;
  /** Registers the closing of something the part opened (not what `shared` gave). */
  own(close: () => Promise<void>): void;
  /** The shared event store, or one of its own on the config's store (closed with the part). */
  eventStore(options?: { poolSize?: number }): Promise<EventStore>;
}

/** What a background part's `build` returns: its metrics, its loop and its readiness. */
export interface BuiltPart {
  registry: Registry;
  run: (signal: AbortSignal) => Promise<void>;
  /** The loop's own readiness while it runs. */
  loopReady?: SuperviseOptions["ready"];
  /** Asked while the loop is ready (e.g. its database answers, bounded). */
  ready?: () => Promise<Readiness>;
}

/**
 * The one start of a background part (projector, relay, ingest): `build` opens what the part
 * needs and returns its metrics registry and loop; the loop runs under `supervise`, the metrics are
 * shared with the host's registry, and what `build` registered with `own` is closed (last opened
 * first) when the part stops, or at once when building it or its ops server fails.
 */
export async function startSupervisedPart(
  name: string,
  config: EventStoreConfig & { logLevel: string; ops: OpsConfig | null },
  shared: SharedResources,
  build: (ctx: PartContext) => Promise<BuiltPart>,
): Promise<RunningService> {
  const logger = shared.logger ?? createLogger(name, config.logLevel);
  const closers: (() => Promise<void>)[] = [];
  const own = (close: () => Promise<void>) => void closers.push(close);
  const closeOwn = async () => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  const eventStore = async (options: { poolSize?: number } = {}) => {
    if (shared.store) return shared.store;
    const store = await createEventStore({ ...config, ...options });
    own(() => store.close());
    return store;
  };
  try {
    const built = await build({ logger, own, eventStore });
    const unshare = shareMetrics(built.registry, shared.registry);
    own(async () => unshare());
    const part = supervise(name, built.run, { logger, ready: built.loopReady });
    const ready = async () => {
      const loop = part.readiness();
      return loop.ready && built.ready ? built.ready() : loop;
    };
    return await runningPart({ part, ready, ops: config.ops, registry: built.registry, logger, closeOwn });
  } catch (error) {
    await closeOwn();
    throw error;
  }
}
