/**
 * The projector's public API and composition root: `startProjector(config)` builds the pool, the
 * store (or Kafka consumer) and the geo resolver from config and runs until `signal` aborts.
 */
import { createPostgresEventStore } from "@factorlens/event-store";
import {
  createIpLocationDbResolver,
  type GeoResolver,
  migrate,
  nullGeoResolver,
} from "@factorlens/read-models";
import { type OpsServer, type Supervised, startOpsServer, supervise } from "@factorlens/service-kit";
import { Kafka, logLevel } from "kafkajs";
import pg from "pg";
import type { ProjectorConfig } from "./config";
import { runKafkaProjector } from "./kafka-mode";
import { postgresLagProbe } from "./lag-probe";
import type { Logger } from "./logger";
import { createProjectorMetrics } from "./metrics";
import { createProjector } from "./projector";
import { formatProgress, rebuild } from "./rebuild";

export { loadCheckpoint, storeCheckpoint } from "./checkpoint";
export { DEFAULT_BATCH_SIZE, loadConfig, type ProjectorConfig, ProjectorConfigError } from "./config";
export { type KafkaProjectorDeps, runKafkaProjector } from "./kafka-mode";
export { LAG_CAP, postgresLagProbe } from "./lag-probe";
export { type Logger, silentLogger } from "./logger";
export { createProjectorMetrics, type LagProbe, type ProjectorMetrics } from "./metrics";
export {
  createProjector,
  inTransaction,
  type ProjectionDeps,
  type Projector,
  type ProjectorDeps,
} from "./projector";
export { formatProgress, type RebuildDeps, type RebuildProgress, rebuild, swapSchemas } from "./rebuild";

const geoOf = (config: ProjectorConfig): GeoResolver =>
  config.geo === "none" ? nullGeoResolver : createIpLocationDbResolver();

export interface StartProjectorOptions {
  /** Called with the ops server's bound port once it listens (config.ops.port may be 0 in tests). */
  onOpsListening?(port: number): void;
  /** Head/lag refresh interval of the metrics. Default 5000 ms. */
  lagRefreshMs?: number;
}

export async function startProjector(
  config: ProjectorConfig,
  logger: Logger,
  signal: AbortSignal,
  options: StartProjectorOptions = {},
): Promise<void> {
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 4 });
  // An idle connection dropped by the server (restart, failover) must not crash the process:
  // the pool replaces it, and the next query reports a real outage to the retry loop.
  pool.on("error", (err) =>
    logger.warn({ code: (err as { code?: string }).code }, "idle database connection lost"),
  );
  const metrics = createProjectorMetrics({
    defaultMetrics: true,
    ...(config.mode === "store"
      ? {
          probe: postgresLagProbe(pool, {
            eventStoreSchema: config.eventStoreSchema,
            readModelsSchema: config.readModelsSchema,
            subscriberId: config.subscriberId,
          }),
          refreshMs: options.lagRefreshMs ?? 5000,
        }
      : {}),
  });
  let looping = false;
  let supervised: Supervised | null = null;
  let ops: OpsServer | null = null;
  try {
    if (config.ops) {
      ops = await startOpsServer({
        ...config.ops,
        registry: metrics.registry,
        logger,
        ready: async () => {
          const part = supervised?.readiness();
          if (part && !part.ready) return part;
          return looping && (await pool.query("SELECT 1")).rowCount === 1;
        },
      });
      options.onOpsListening?.(ops.port);
    }
    await migrate(pool, { schema: config.readModelsSchema });
    const geo = geoOf(config);
    if (config.mode === "kafka" && config.kafka) {
      const kafka = new Kafka({
        clientId: config.kafka.clientId,
        brokers: config.kafka.brokers,
        logLevel: logLevel.WARN,
      });
      const consumer = kafka.consumer({ groupId: config.kafka.groupId });
      looping = true;
      await runKafkaProjector(
        {
          pool,
          consumer,
          topic: config.kafka.topic,
          geo,
          schema: config.readModelsSchema,
          logger,
          onBatch: metrics.observeBatch,
        },
        signal,
      );
      return;
    }
    const store = await createPostgresEventStore({ pool, schema: config.eventStoreSchema });
    try {
      const projector = createProjector({
        pool,
        store,
        geo,
        schema: config.readModelsSchema,
        batchSize: config.batchSize,
        subscriberId: config.subscriberId,
        logger,
        onBatch: metrics.observeBatch,
      });
      looping = true;
      // Supervised: a store stall or a database restart is retried with backoff, never fatal.
      const part = supervise("projector", (partSignal) => projector.run(partSignal), { logger });
      supervised = part;
      await new Promise<void>((resolve) =>
        signal.aborted ? resolve() : signal.addEventListener("abort", () => resolve(), { once: true }),
      );
      await part.close();
    } finally {
      await store.close();
    }
  } finally {
    looping = false;
    await ops?.close();
    await pool.end();
  }
}

/** `rebuild` command: replay into a fresh schema, print progress, swap it in. */
export async function runRebuild(
  config: ProjectorConfig,
  print: (line: string) => void,
  signal: AbortSignal,
): Promise<void> {
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 4 });
  pool.on("error", () => {}); // idle-client errors surface on the next query
  try {
    const store = await createPostgresEventStore({ pool, schema: config.eventStoreSchema });
    try {
      const done = await rebuild({
        pool,
        store,
        geo: geoOf(config),
        schema: config.readModelsSchema,
        batchSize: config.batchSize,
        subscriberId: config.subscriberId,
        countEvents: async () =>
          Number(
            (await pool.query<{ n: string }>(`SELECT count(*) AS n FROM "${config.eventStoreSchema}".events`))
              .rows[0]?.n ?? 0,
          ),
        onProgress: (p) => print(formatProgress(p)),
        signal,
      });
      print(`rebuild done: ${formatProgress(done)}; swapped into ${config.readModelsSchema}`);
    } finally {
      await store.close();
    }
  } finally {
    await pool.end();
  }
}
