/** Composition root of the relay: reads config, builds clients, wires, runs until SIGTERM/SIGINT. */
import { createPostgresEventStore } from "@factorlens/event-store";
import { ensureNamedTopics } from "@factorlens/kafka";
import { abortOnSignals, logFatal } from "@factorlens/service-kit";
import { Kafka, logLevel } from "kafkajs";
import pino from "pino";
import { loadConfig } from "./config";
import { createRelay } from "./relay";

const config = loadConfig(process.env);
const logger = pino({ name: "relay", level: config.logLevel });
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
  const created = await ensureNamedTopics(kafka, [config.topic]);
  if (created.length > 0) logger.info({ created }, "created topics");
}

const controller = abortOnSignals(logger);

const relay = createRelay({
  store,
  kafka,
  topic: config.topic,
  subscriberId: config.subscriberId,
  batchSize: config.batchSize,
  logger,
});
try {
  await relay.run(controller.signal);
} catch (error) {
  process.exitCode = 1;
  logFatal(logger, error, "relay stopped on error");
} finally {
  await store.close();
}
