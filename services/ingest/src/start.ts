/**
 * `startIngest(config, logger, signal)`: builds the store, the Kafka client and (with
 * `config.ops`) the ops server from config, then consumes (supervised) until `signal` aborts.
 */
import { createEventStore } from "@factorlens/event-store";
import { ensureNamedTopics, type Logger } from "@factorlens/kafka";
import { type OpsServer, startOpsServer, supervise } from "@factorlens/service-kit";
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
  const store = await createEventStore(config);
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
    // Supervised: a broker outage or a store stall is retried with backoff forever (unready meanwhile).
    const part = supervise(
      "ingest",
      async (partSignal) => {
        if (config.ensureTopics) {
          const created = await ensureNamedTopics(kafka, [config.topic, config.dlqTopic]);
          if (created.length > 0) logger.info({ created }, "created topics");
        }
        await ingest.run(partSignal);
      },
      { logger, ready: ingest.ready },
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
    await store.close();
  }
}
