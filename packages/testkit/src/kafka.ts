/**
 * Unique Kafka topics per test, created on the real broker and deleted afterwards.
 */
import { randomBytes } from "node:crypto";
import { Kafka, type KafkaMessage, logLevel } from "kafkajs";
import { kafkaBrokers, requireKafka } from "./services";

export interface TestKafka {
  kafka: Kafka;
  brokers: string[];
  /** Creates a topic with a unique name (prefix + random suffix) and returns its name. */
  createTopic(prefix: string, partitions?: number): Promise<string>;
  /** A unique consumer group id. */
  groupId(prefix?: string): string;
  /**
   * Reads `topic` from its start with a fresh consumer group until `done(messages)` holds (a count
   * `n` means "until n messages"), then disconnects and returns what it read.
   */
  readUntil(topic: string, done: number | ((all: KafkaMessage[]) => boolean)): Promise<KafkaMessage[]>;
  /** The offset consumer group `groupId` has committed on one partition of `topic` ("-1": none yet). */
  committedOffset(groupId: string, topic: string, partition?: number): Promise<string | undefined>;
  /** Deletes the topics this helper created. */
  cleanup(): Promise<void>;
}

export async function createTestKafka(clientId = "factorlens-test"): Promise<TestKafka> {
  await requireKafka();
  const brokers = kafkaBrokers();
  const kafka = new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const created: string[] = [];
  const suffix = () => `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
  return {
    kafka,
    brokers,
    async createTopic(prefix, partitions = 3) {
      const topic = `${prefix}.${suffix()}`;
      await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
      created.push(topic);
      return topic;
    },
    groupId(prefix = "g") {
      return `${prefix}-${suffix()}`;
    },
    async readUntil(topic, done) {
      const enough = typeof done === "number" ? (all: KafkaMessage[]) => all.length >= done : done;
      const consumer = kafka.consumer({ groupId: `read-${suffix()}` });
      await consumer.connect();
      try {
        await consumer.subscribe({ topic, fromBeginning: true });
        const all: KafkaMessage[] = [];
        await new Promise<void>((resolve, reject) => {
          consumer
            .run({
              eachMessage: async ({ message }) => {
                all.push(message);
                if (enough(all)) resolve();
              },
            })
            .catch(reject);
        });
        return all;
      } finally {
        await consumer.disconnect();
      }
    },
    async committedOffset(groupId, topic, partition = 0) {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return offsets?.partitions.find((p) => p.partition === partition)?.offset;
    },
    async cleanup() {
      try {
        if (created.length > 0) await admin.deleteTopics({ topics: created, timeout: 10_000 });
      } finally {
        await admin.disconnect();
      }
    },
  };
}
