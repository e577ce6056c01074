/** Configuration pieces shared by the services that talk to Kafka (relay, ingest, the projector's Kafka mode). */
import { kafkaLogCreator, type Logger } from "@factorlens/service-kit";
import { Kafka, logLevel } from "kafkajs";
import { z } from "zod";
import { defaultTopicSpecs, ensureTopics } from "./topics";

/** `KAFKA_BROKERS`: a comma-separated host:port list, at least one. */
export const kafkaBrokersSetting = z
  .string({ error: "KAFKA_BROKERS is required (comma-separated host:port list)" })
  .transform((s) =>
    s
      .split(",")
      .map((b) => b.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().regex(/^[^\s:]+:\d{1,5}$/, "KAFKA_BROKERS entries must be host:port"))
      .min(1, "KAFKA_BROKERS must list at least one broker"),
  );

export interface KafkaClientConfig {
  kafkaBrokers: string[];
  kafkaClientId: string;
}

/** KAFKA_BROKERS (required) and KAFKA_CLIENT_ID, spread into a service's zod config object. */
export const kafkaClientSettings = (d: { kafkaClientId: string }) => ({
  KAFKA_BROKERS: kafkaBrokersSetting,
  KAFKA_CLIENT_ID: z.string().min(1).default(d.kafkaClientId),
});

export const kafkaClientConfig = (c: {
  KAFKA_BROKERS: string[];
  KAFKA_CLIENT_ID: string;
}): KafkaClientConfig => ({
  kafkaBrokers: c.KAFKA_BROKERS,
  kafkaClientId: c.KAFKA_CLIENT_ID,
});

/** A service's kafkajs client: warnings and worse, through the service's own logger. */
export const createKafkaClient = (c: KafkaClientConfig, logger: Logger): Kafka =>
  new Kafka({
    clientId: c.kafkaClientId,
    brokers: c.kafkaBrokers,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logger),
  });

/**
 * Creates those of the named bus topics (default layout) that do not exist yet, on a short-lived
 * admin connection. Returns the names it created.
 */
export async function ensureNamedTopics(
  kafka: Kafka,
  topics: readonly string[],
  logger?: Pick<Logger, "info">,
): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const created = await ensureTopics(
      admin,
      defaultTopicSpecs().filter((s) => topics.includes(s.topic)),
    );
    if (created.length > 0) logger?.info({ created }, "created topics");
    return created;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Group membership timing for every consumer (ingest, the projector's Kafka mode). A consumer that
 * crashed rejoins as a new member, and the broker hands its partitions over only when the old
 * member's session expires: with kafkajs' 30 s default the ingest stays unready for 30 s after
 * every broker restart. 10 s (the broker accepts 6 s and up) with a heartbeat every second; the batch
 * loop heartbeats between messages, so a slow append does not count as a dead member.
 */
export const CONSUMER_GROUP_TIMING = { sessionTimeout: 10_000, heartbeatInterval: 1_000 } as const;
