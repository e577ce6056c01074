/**
 * `start(config, shared?)`: builds the store (unless shared), the Kafka client, the metrics with
 * their lag probe and (with `config.ops`) the ops server, then relays under supervision: a broker
 * outage or a store stall is retried with backoff forever, unready meanwhile, never fatal.
 */
import { createEventStore, createPostgresSubscriptionLag } from "@factorlens/event-store";
import { ensureNamedTopics } from "@factorlens/kafka";
import {
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
import type { RelayConfig } from "./config";
import { createRelayMetrics } from "./metrics";
import { createRelay } from "./relay";

export async function start(config: RelayConfig, shared: SharedResources = {}): Promise<RunningService> {
  const logger = shared.logger ?? createLogger("relay", config.logLevel);
  const store = shared.store ?? (await createEventStore(config));
  // Head and lag are read from the PostgreSQL store's tables (not with EventStoreDB): one
  // connection of its own, or the shared pool.
  const probePool = config.eventStoreConnectionString
    ? null
    : (shared.pool ?? new pg.Pool({ connectionString: config.databaseUrl, max: 1 }));
  if (probePool && !shared.pool) probePool.on("error", () => {}); // idle-client errors surface on the next scrape
  let unshare = () => {};
  const closeOwn = async () => {
    unshare();
    if (probePool && !shared.pool) await probePool.end();
    if (!shared.store) await store.close();
  };
  try {
    const kafka = new Kafka({
      clientId: config.kafkaClientId,
      brokers: config.kafkaBrokers,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator(logger),
    });
    const metrics = createRelayMetrics({
      defaultMetrics: !shared.registry,
      ...(probePool
        ? {
            // the relay's checkpoint is kept in the store's own schema
            probe: createPostgresSubscriptionLag(probePool, {
              eventStoreSchema: config.eventStoreSchema,
              checkpointsSchema: config.eventStoreSchema,
              subscriberId: config.subscriberId,
            }),
            refreshMs: config.lagRefreshMs,
          }
        : {}),
    });
    unshare = shareMetrics(metrics.registry, shared.registry);
    const relay = createRelay({
      store,
      kafka,
      topic: config.topic,
      subscriberId: config.subscriberId,
      batchSize: config.batchSize,
      logger,
      metrics,
    });
    const part = supervise(
      "relay",
      async (signal) => {
        if (config.ensureTopics) {
          const created = await ensureNamedTopics(kafka, [config.topic]);
          if (created.length > 0) logger.info({ created }, "created topics");
        }
        await relay.run(signal);
      },
      { logger, ready: relay.ready },
    );
    const ready = async () => part.readiness();
    return await runningPart({ part, ready, ops: config.ops, registry: metrics.registry, logger, closeOwn });
  } catch (error) {
    await closeOwn();
    throw error;
  }
}
