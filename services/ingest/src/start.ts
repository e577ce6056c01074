/**
 * `startIngest(config, logger, signal)`: builds the store, the Kafka client and (with
 * `config.ops`) the ops server from config, then consumes until `signal` aborts.
 */
import { createPostgresEventStore } from "@factorlens/event-store";
import { ensureNamedTopics, type Logger } from "@factorlens/kafka";
import { type OpsServer, startOpsServer } from "@factorlens/service-kit";
import { Kafka, logLevel } from "kafkajs";
import type { IngestConfig } from "./config";
import { createIngest } from "./ingest";
import { createIngestMetrics } from "./metrics";
import { domainValidator } from "./validate";

export interface StartIngestOptions {
  /** Called with the ops server's bound port once it listens (config.ops.port may be 0 in tests). */
  onOpsListening?(port: number): void;
}

export async function startIngest(
  config: IngestConfig,
  logger: Logger,
  signal: AbortSignal,
  options: StartIngestOptions = {},
): Promise<void> {
  const store = await createPostgresEventStore({
    connectionString: config.databaseUrl,
    schema: config.eventStoreSchema,
  });
  let ops: OpsServer | null = null;
  try {
    const kafka = new Kafka({
      clientId: config.kafkaClientId,
      brokers: config.kafkaBrokers,
      logLevel: logLevel.WARN,
    });
    const metrics = createIngestMetrics({ defaultMetrics: true });
    const ingest = createIngest({
      store,
      kafka,
      topic: config.topic,
      dlqTopic: config.dlqTopic,
      groupId: config.groupId,
      validate: domainValidator,
      allowedTypes: config.allowedTypes,
      now: () => new Date(),
      maxMessageBytes: config.maxMessageBytes,
      batchSize: config.batchSize,
      concurrency: config.concurrency,
      logger,
      metrics,
    });
    if (config.ops) {
      ops = await startOpsServer({ ...config.ops, registry: metrics.registry, logger, ready: ingest.ready });
      options.onOpsListening?.(ops.port);
    }
    if (config.ensureTopics) {
      const created = await ensureNamedTopics(kafka, [config.topic, config.dlqTopic]);
      if (created.length > 0) logger.info({ created }, "created topics");
    }
    await ingest.run(signal);
  } finally {
    await ops?.close();
    await store.close();
  }
}
