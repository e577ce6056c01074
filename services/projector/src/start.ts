/**
 * `start(config, shared?)`: builds the pool, the store (or the Kafka consumer), the geo resolver,
 * the metrics with their lag probe and (with `config.ops`) the ops server, migrates the read
 * models, then projects under supervision: a store stall or a database restart is retried with
 * backoff forever, unready meanwhile, never fatal.
 */
import { CONSUMER_GROUP_TIMING, createKafkaClient } from "@factorlens/kafka";
import {
  createIpLocationDbResolver,
  type GeoResolver,
  migrate,
  nullGeoResolver,
} from "@factorlens/read-models";
import {
  checkWithin,
  type RunningService,
  type SharedResources,
  startSupervisedPart,
} from "@factorlens/service-kit";
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

export const start = (config: ProjectorConfig, shared: SharedResources = {}): Promise<RunningService> =>
  startSupervisedPart("projector", config, shared, async ({ logger, own, eventStore }) => {
    const pool = shared.pool ?? new pg.Pool({ connectionString: config.databaseUrl, max: 4 });
    if (!shared.pool) {
      // An idle connection dropped by the server (restart, failover) must not crash the process:
      // the pool replaces it, and the next query reports a real outage to the supervisor.
      pool.on("error", (err) =>
        logger.warn({ code: (err as { code?: string }).code }, "idle database connection lost"),
      );
      own(() => pool.end());
    }
    const kafkaMode = config.mode === "kafka" && config.kafka !== null;
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
    await migrate(pool, { schema: config.readModelsSchema });
    const geo = geoOf(config);
    const ready = () =>
      checkWithin(
        "read-model database",
        async () => (await pool.query("SELECT 1")).rowCount === 1,
        READY_TIMEOUT_MS,
      );
    if (kafkaMode && config.kafka) {
      const k = config.kafka;
      const kafka = createKafkaClient({ kafkaClientId: k.clientId, kafkaBrokers: k.brokers }, logger);
      const run = (signal: AbortSignal) =>
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
      return { registry: metrics.registry, run, ready };
    }
    const store = await eventStore({ poolSize: 4 });
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
    return { registry: metrics.registry, run: (signal) => projector.run(signal), ready };
  });
