/** Composition root of ingest: reads config, builds clients, wires, runs until SIGTERM/SIGINT. */
import { createPostgresEventStore } from "@factorlens/event-store";
import { ensureNamedTopics } from "@factorlens/kafka";
import { abortOnSignals, logFatal } from "@factorlens/service-kit";
import { Kafka, logLevel } from "kafkajs";
import pino from "pino";
import { loadConfig } from "./config";
import { createIngest } from "./ingest";
import { domainValidator } from "./validate";

const config = loadConfig(process.env);
const logger = pino({ name: "ingest", level: config.logLevel });
const store = await createPostgresEventStore({
  connectionString: config.databaseUrl,
  schema: config.eventStoreSchema,
});
const kafka = new Kafka({
  clientId: config.kafkaClientId,
  brokers: config.kafkaBrokers,
  logLevel: logLevel.WARN,
});

if (config.ensureTopics) {
  const created = await ensureNamedTopics(kafka, [config.topic, config.dlqTopic]);
  if (created.length > 0) logger.info({ created }, "created topics");
}

const controller = abortOnSignals(logger);

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
});
try {
  await ingest.run(controller.signal);
} catch (error) {
  process.exitCode = 1;
  logFatal(logger, error, "ingest stopped on error");
} finally {
  await store.close();
}
