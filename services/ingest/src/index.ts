/** Composition root of ingest: reads config, builds clients, wires, runs until SIGTERM/SIGINT. */
import { createPostgresEventStore } from "@factorlens/event-store";
import { ensureNamedTopics } from "@factorlens/kafka";
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

const controller = new AbortController();
for (const sig of ["SIGTERM", "SIGINT"] as const) {
  process.once(sig, () => {
    logger.info({ signal: sig }, "stopping");
    controller.abort();
  });
}

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
  logger.fatal(
    { err: { name: (error as Error).name, message: (error as Error).message } },
    "ingest stopped on error",
  );
} finally {
  await store.close();
}
