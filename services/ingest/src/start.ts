/**
 * `start(config, shared?)`: builds the store (unless shared), the Kafka client, the metrics and
 * (with `config.ops`) the ops server, then consumes under supervision: a broker outage or a store
 * stall is retried with backoff forever, unready meanwhile, never fatal.
 */
import { createEventStore } from "@factorlens/event-store";
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
import type { IngestConfig } from "./config";
import { createIngest } from "./ingest";
import { createIngestMetrics } from "./metrics";
import { domainValidator } from "./validate";

export async function start(config: IngestConfig, shared: SharedResources = {}): Promise<RunningService> {
  const logger = shared.logger ?? createLogger("ingest", config.logLevel);
  const store = shared.store ?? (await createEventStore(config));
  let unshare = () => {};
  const closeOwn = async () => {
    unshare();
    if (!shared.store) await store.close();
  };
  try {
    const kafka = new Kafka({
      clientId: config.kafkaClientId,
      brokers: config.kafkaBrokers,
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator(logger),
    });
    const metrics = createIngestMetrics({ defaultMetrics: !shared.registry });
    unshare = shareMetrics(metrics.registry, shared.registry);
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
    const part = supervise(
      "ingest",
      async (signal) => {
        if (config.ensureTopics) {
          const created = await ensureNamedTopics(kafka, [config.topic, config.dlqTopic]);
          if (created.length > 0) logger.info({ created }, "created topics");
        }
        await ingest.run(signal);
      },
      { logger, ready: ingest.ready },
    );
    const ready = async () => part.readiness();
    return await runningPart({ part, ready, ops: config.ops, registry: metrics.registry, logger, closeOwn });
  } catch (error) {
    await closeOwn();
    throw error;
  }
}
