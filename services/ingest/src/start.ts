/**
 * `start(config, shared?)`: builds the store (unless shared), the Kafka client, the metrics and
 * (with `config.ops`) the ops server, then consumes under supervision: a broker outage or a store
 * stall is retried with backoff forever, unready meanwhile, never fatal.
 */
import { createKafkaClient, ensureNamedTopics } from "@factorlens/kafka";
import { type RunningService, type SharedResources, startSupervisedPart } from "@factorlens/service-kit";
import type { IngestConfig } from "./config";
import { createIngest } from "./ingest";
import { createIngestMetrics } from "./metrics";
import { domainValidator } from "./validate";

export const start = (config: IngestConfig, shared: SharedResources = {}): Promise<RunningService> =>
  startSupervisedPart("ingest", config, shared, async ({ logger, eventStore }) => {
    const store = await eventStore();
    const kafka = createKafkaClient(config, logger);
    const metrics = createIngestMetrics({ defaultMetrics: !shared.registry });
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
    return {
      registry: metrics.registry,
      loopReady: ingest.ready,
      async run(signal) {
        if (config.ensureTopics) await ensureNamedTopics(kafka, [config.topic, config.dlqTopic], logger);
        await ingest.run(signal);
      },
    };
  });
