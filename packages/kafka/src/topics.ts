import type { Admin, ITopicConfig } from "kafkajs";

/** Topic names of the integration bus. Versioned: a breaking change gets a new topic. */
export const TOPICS = {
  /** Every committed event, keyed by user id (relay → fraud pipelines, scale-out projectors). */
  events: "tfa.events.v1",
  /** Events from other systems (SMS receipts, external login systems) → ingest. */
  inbound: "tfa.inbound.v1",
  /** Inbound messages ingest could not accept, with the reason. */
  inboundDlq: "tfa.inbound.dlq.v1",
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

export interface TopicSpec {
  topic: string;
  numPartitions?: number;
  replicationFactor?: number;
  configEntries?: { name: string; value: string }[];
}

/** Default layout: 12 partitions (per-user order is kept by the key), DLQ kept longer. */
export const defaultTopicSpecs = (partitions = 12, replicationFactor = 1): TopicSpec[] => [
  { topic: TOPICS.events, numPartitions: partitions, replicationFactor },
  { topic: TOPICS.inbound, numPartitions: partitions, replicationFactor },
  {
    topic: TOPICS.inboundDlq,
    numPartitions: 1,
    replicationFactor,
    configEntries: [{ name: "retention.ms", value: String(30 * 24 * 3600 * 1000) }],
  },
];

/**
 * Creates the topics that do not exist yet (existing ones are left untouched).
 * Returns the names it created.
 */
export async function ensureTopics(
  admin: Admin,
  specs: TopicSpec[] = defaultTopicSpecs(),
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing: ITopicConfig[] = specs
    .filter((s) => !existing.has(s.topic))
    .map((s) => ({
      topic: s.topic,
      numPartitions: s.numPartitions ?? 1,
      replicationFactor: s.replicationFactor ?? 1,
      configEntries: s.configEntries ?? [],
    }));
  if (missing.length === 0) return [];
  await admin.createTopics({ topics: missing, waitForLeaders: true });
  return missing.map((t) => t.topic);
}
