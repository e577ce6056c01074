/** Configuration pieces shared by the services that talk to Kafka (relay, ingest). */
import type { Kafka } from "kafkajs";
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

/**
 * Creates those of the named bus topics (default layout) that do not exist yet, on a short-lived
 * admin connection. Returns the names it created.
 */
export async function ensureNamedTopics(kafka: Kafka, topics: readonly string[]): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await ensureTopics(
      admin,
      defaultTopicSpecs().filter((s) => topics.includes(s.topic)),
    );
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
