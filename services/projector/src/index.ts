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
import { Kafka, logLevel } from "kafkajs";
import pg from "pg";
import type { ProjectorConfig } from "./config";
import { runKafkaProjector } from "./kafka-mode";
import type { Logger } from "./logger";
import { createProjector } from "./projector";
import { formatProgress, rebuild } from "./rebuild";

export { loadCheckpoint, storeCheckpoint } from "./checkpoint";
export { loadConfig, type ProjectorConfig, ProjectorConfigError } from "./config";
export { type KafkaProjectorDeps, runKafkaProjector } from "./kafka-mode";
export { type Logger, silentLogger } from "./logger";
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

export async function startProjector(
  config: ProjectorConfig,
  logger: Logger,
  signal: AbortSignal,
): Promise<void> {
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 4 });
  // An idle connection dropped by the server (restart, failover) must not crash the process:
  // the pool replaces it, and the next query reports a real outage to the retry loop.
  pool.on("error", (err) =>
    logger.warn({ code: (err as { code?: string }).code }, "idle database connection lost"),
  );
  try {
    await migrate(pool, { schema: config.readModelsSchema });
    const geo = geoOf(config);
    if (config.mode === "kafka" && config.kafka) {
      const kafka = new Kafka({
        clientId: config.kafka.clientId,
        brokers: config.kafka.brokers,
        logLevel: logLevel.WARN,
      });
      const consumer = kafka.consumer({ groupId: config.kafka.groupId });
      await runKafkaProjector(
        { pool, consumer, topic: config.kafka.topic, geo, schema: config.readModelsSchema, logger },
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
      });
      await projector.run(signal);
    } finally {
      await store.close();
    }
  } finally {
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
