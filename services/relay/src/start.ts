/**
 * `startRelay(config, logger, signal)`: builds the store, the Kafka client and (with `config.ops`)
 * the ops server and its lag probe from config, then relays (supervised) until `signal` aborts.
 */
import { createEventStore, createPostgresSubscriptionLag } from "@factorlens/event-store";
import { ensureNamedTopics, type Logger } from "@factorlens/kafka";
import { type OpsServer, startOpsServer, supervise } from "@factorlens/service-kit";
import { Kafka, logLevel } from "kafkajs";
import pg from "pg";
import type { RelayConfig } from "./config";
import { createRelayMetrics } from "./metrics";
import { createRelay } from "./relay";

export interface StartRelayOptions {
  /** Called with the ops server's bound port once it listens (config.ops.port may be 0 in tests). */
  onOpsListening?(port: number): void;
  /** Head/lag refresh interval of the metrics. Default 5000 ms. */
  lagRefreshMs?: number;
}

export async function startRelay(
  config: RelayConfig,
  logger: Logger,
  signal: AbortSignal,
  options: StartRelayOptions = {},
): Promise<void> {
  const store = await createEventStore(config);
  // One connection for the lag probe, only when someone can scrape it.
  const probePool =
    config.ops && !config.eventStoreConnectionString
      ? new pg.Pool({ connectionString: config.databaseUrl, max: 1 })
      : null;
  probePool?.on("error", () => {}); // idle-client errors surface on the next scrape
  let ops: OpsServer | null = null;
  try {
    const kafka = new Kafka({
      clientId: config.kafkaClientId,
      brokers: config.kafkaBrokers,
      logLevel: logLevel.WARN,
    });
    const metrics = createRelayMetrics({
      defaultMetrics: true,
      ...(probePool
        ? {
            // the relay's checkpoint is kept in the store's own schema
            probe: createPostgresSubscriptionLag(probePool, {
              eventStoreSchema: config.eventStoreSchema,
              checkpointsSchema: config.eventStoreSchema,
              subscriberId: config.subscriberId,
            }),
            refreshMs: options.lagRefreshMs ?? 5000,
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
    // Supervised: a broker outage or a store stall is retried with backoff forever (unready meanwhile).
    const part = supervise(
      "relay",
      async (partSignal) => {
        if (config.ensureTopics) {
          const created = await ensureNamedTopics(kafka, [config.topic]);
          if (created.length > 0) logger.info({ created }, "created topics");
        }
        await relay.run(partSignal);
      },
      { logger, ready: relay.ready },
    );
    if (config.ops) {
      ops = await startOpsServer({
        ...config.ops,
        registry: metrics.registry,
        logger,
        ready: part.readiness,
      });
      options.onOpsListening?.(ops.port);
    }
    await new Promise<void>((resolve) =>
      signal.aborted ? resolve() : signal.addEventListener("abort", () => resolve(), { once: true }),
    );
    await part.close();
  } finally {
    await ops?.close();
    await probePool?.end();
    await store.close();
  }
}
