/**
 * `start(config, shared?)`: builds the pool, the store (or the Kafka consumer), the geo resolver,
 * the metrics with their lag probe and (with `config.ops`) the ops server, migrates the read
 * models, then projects under supervision: a store stall or a database restart is retried with
 * backoff forever, unready meanwhile, never fatal.
 */
import { createEventStore, type EventStore } from "@factorlens/event-store";
import { CONSUMER_GROUP_TIMING } from "@factorlens/kafka";
import {
  createIpLocationDbResolver,
  type GeoResolver,
  migrate,
  nullGeoResolver,
} from "@factorlens/read-models";
import {
  checkWithin,
  createLogger,
  kafkaLogCreator,
  type RunningService,
  runningPart,
  type SharedResources,
  shareMetrics,
  supervise,
} from "@factorlens/service-kit";
import { Kafka, logLevel } from "kafkajs";
import pg from "pg";
import type { ProjectorConfig } from "./config";
import { runKafkaProjector } from "./kafka-mode";
import { postgresLagProbe } from "./lag-probe";
import { createProjectorMetrics } from "./metrics";
import { createProjector } from "./projector";

export const geoOf = (config: Pick<ProjectorConfig, "geo">): GeoResolver =>
  config.geo === "none" ? nullGeoResolver : createIpLocationDbResolver();

/** A readiness check on the read-model database that gets no answer within this is a stall. */
const READY_TIMEOUT_MS = 2000;

export async function start(config: ProjectorConfig, shared: SharedResources = {}): Promise<RunningService> {
  const logger = shared.logger ?? createLogger("projector", config.logLevel);
  const pool = shared.pool ?? new pg.Pool({ connectionString: config.databaseUrl, max: 4 });
  // An idle connection dropped by the server (restart, failover) must not crash the process:
  // the pool replaces it, and the next query reports a real outage to the supervisor.
  const onIdleError = (err: Error) =>
    logger.warn({ code: (err as { code?: string }).code }, "idle database connection lost");
  if (!shared.pool) pool.on("error", onIdleError);
  const kafkaMode = config.mode === "kafka" && config.kafka !== null;
  let store: EventStore | null = null;
  let unshare = () => {};
  const closeOwn = async () => {
    unshare();
    if (store && !shared.store) await store.close();
    if (!shared.pool) await pool.end();
  };
  try {
    const metrics = createProjectorMetrics({
      defaultMetrics: !shared.registry,
      // Head and lag are read from the PostgreSQL store's tables (not with EventStoreDB or Kafka).
      ...(!kafkaMode && !config.eventStoreConnectionString
        ? {
            probe: postgresLagProbe(pool, {
              eventStoreSchema: config.eventStoreSchema,
              readModelsSchema: config.readModelsSchema,
              subscriberId: config.subscriberId,
            }),
            refreshMs: config.lagRefreshMs,
          }
        : {}),
    });
    unshare = shareMetrics(metrics.registry, shared.registry);
    await migrate(pool, { schema: config.readModelsSchema });
    const geo = geoOf(config);
    let run: (signal: AbortSignal) => Promise<void>;
    if (kafkaMode && config.kafka) {
      const k = config.kafka;
      const kafka = new Kafka({
        clientId: k.clientId,
        brokers: k.brokers,
        logLevel: logLevel.WARN,
        logCreator: kafkaLogCreator(logger),
      });
      run = (signal) =>
        runKafkaProjector(
          {
            pool,
            consumer: kafka.consumer({ groupId: k.groupId, ...CONSUMER_GROUP_TIMING }),
            topic: k.topic,
            geo,
            schema: config.readModelsSchema,
            logger,
            onBatch: metrics.observeBatch,
          },
          signal,
        );
    } else {
      const s = shared.store ?? (await createEventStore({ ...config, poolSize: 4 }));
      store = s;
      const projector = createProjector({
        pool,
        store: s,
        geo,
        schema: config.readModelsSchema,
        batchSize: config.batchSize,
        subscriberId: config.subscriberId,
        logger,
        onBatch: metrics.observeBatch,
      });
      run = (signal) => projector.run(signal);
    }
    const part = supervise("projector", run, { logger });
    const ready = async () => {
      const own = part.readiness();
      if (!own.ready) return own;
      return checkWithin(
        "read-model database",
        async () => (await pool.query("SELECT 1")).rowCount === 1,
        READY_TIMEOUT_MS,
      );
    };
    return await runningPart({ part, ready, ops: config.ops, registry: metrics.registry, logger, closeOwn });
  } catch (error) {
    await closeOwn();
    throw error;
  }
}
