/**
 * `start(config, shared?)`: builds the store (unless shared), the Kafka client, the metrics with
 * their lag probe and (with `config.ops`) the ops server, then relays under supervision: a broker
 * outage or a store stall is retried with backoff forever, unready meanwhile, never fatal.
 */
import { createPostgresSubscriptionLag } from "@factorlens/event-store";
import { createKafkaClient, ensureNamedTopics } from "@factorlens/kafka";
import { type RunningService, type SharedResources, startSupervisedPart } from "@factorlens/service-kit";
import pg from "pg";
import type { RelayConfig } from "./config";
import { createRelayMetrics } from "./metrics";
import { createRelay } from "./relay";

export const start = (config: RelayConfig, shared: SharedResources = {}): Promise<RunningService> =>
  startSupervisedPart("relay", config, shared, async ({ logger, own, eventStore }) => {
    const store = await eventStore();
    // Head and lag are read from the PostgreSQL store's tables (not with EventStoreDB): one
    // connection of its own, or the shared pool.
    const probePool = config.eventStoreConnectionString
      ? null
      : (shared.pool ?? new pg.Pool({ connectionString: config.databaseUrl, max: 1 }));
    if (probePool && !shared.pool) {
      probePool.on("error", () => {}); // idle-client errors surface on the next scrape
      own(() => probePool.end());
    }
    const kafka = createKafkaClient(config, logger);
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
    const relay = createRelay({
      store,
      kafka,
      topic: config.topic,
      subscriberId: config.subscriberId,
      batchSize: config.batchSize,
      logger,
      metrics,
    });
    return {
      registry: metrics.registry,
      loopReady: relay.ready,
      async run(signal) {
        if (config.ensureTopics) await ensureNamedTopics(kafka, [config.topic], logger);
        await relay.run(signal);
      },
    };
  });
