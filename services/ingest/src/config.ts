/** The ingest service's configuration: the only place that reads the environment's shape. */

import { INBOUND_EVENT_TYPES, isInboundEventType } from "@factorlens/domain";
import { type KafkaClientConfig, kafkaClientConfig, kafkaClientSettings, TOPICS } from "@factorlens/kafka";
import type { Env, ServiceConfig, ServiceDefaults } from "@factorlens/service-kit";
import { booleanSetting, intSetting, parseServiceEnv, serviceSettings } from "@factorlens/service-kit";
import { z } from "zod";
import { IngestError } from "./errors";
import { DEFAULT_INBOUND_TYPES } from "./validate";

export type IngestDefaults = Omit<ServiceDefaults<IngestConfig>, "kafkaBrokers">;

/** Every setting's default, alone and in the platform (which overrides only what it means to). */
export const INGEST_DEFAULTS: IngestDefaults = {
  eventStoreSchema: "eventstore",
  kafkaClientId: "factorlens-ingest",
  topic: TOPICS.inbound,
  dlqTopic: TOPICS.inboundDlq,
  groupId: "factorlens-ingest",
  maxMessageBytes: 64 * 1024,
  batchSize: 500,
  concurrency: 32,
  allowedTypes: DEFAULT_INBOUND_TYPES,
  ensureTopics: true,
  logLevel: "info",
};

const schemaFor = (d: IngestDefaults) =>
  z.object({
    ...serviceSettings(d),
    ...kafkaClientSettings(d),
    INGEST_TOPIC: z.string().min(1).default(d.topic),
    INGEST_DLQ_TOPIC: z.string().min(1).default(d.dlqTopic),
    INGEST_GROUP_ID: z.string().min(1).default(d.groupId),
    INGEST_MAX_MESSAGE_BYTES: intSetting("INGEST_MAX_MESSAGE_BYTES", 1, 1024 * 1024, d.maxMessageBytes),
    INGEST_BATCH_SIZE: intSetting("INGEST_BATCH_SIZE", 1, 10_000, d.batchSize),
    INGEST_CONCURRENCY: intSetting("INGEST_CONCURRENCY", 1, 256, d.concurrency),
    INGEST_ALLOWED_TYPES: z
      .string()
      .optional()
      .transform((s) =>
        s === undefined
          ? undefined
          : s
              .split(",")
              .map((t) => t.trim())
              .filter(Boolean),
      )
      .pipe(
        z
          .array(z.string().regex(/^[A-Z][A-Za-z]+$/, "INGEST_ALLOWED_TYPES must list event type names"))
          .superRefine((types, ctx) => {
            for (const t of types.filter((t) => !isInboundEventType(t))) {
              ctx.addIssue({
                code: "custom",
                message: `INGEST_ALLOWED_TYPES: ${t} is decided inside factorlens only; allowed from the bus: ${INBOUND_EVENT_TYPES.join(", ")}`,
              });
            }
          })
          .min(1, "INGEST_ALLOWED_TYPES must not be empty")
          .optional(),
      ),
    INGEST_ENSURE_TOPICS: booleanSetting("INGEST_ENSURE_TOPICS", d.ensureTopics),
  });

export interface IngestConfig extends ServiceConfig, KafkaClientConfig {
  topic: string;
  dlqTopic: string;
  groupId: string;
  maxMessageBytes: number;
  batchSize: number;
  concurrency: number;
  /** Event types accepted from the bus. */
  allowedTypes: readonly string[];
  ensureTopics: boolean;
}

/** Parses the environment; throws `invalid_config` listing one line per missing or invalid setting. */
export function loadConfig(env: Env, defaults: IngestDefaults = INGEST_DEFAULTS): IngestConfig {
  const { settings: c, service } = parseServiceEnv(
    schemaFor(defaults),
    env,
    "ingest",
    (message) => new IngestError("invalid_config", message),
  );
  return {
    ...service,
    ...kafkaClientConfig(c),
    topic: c.INGEST_TOPIC,
    dlqTopic: c.INGEST_DLQ_TOPIC,
    groupId: c.INGEST_GROUP_ID,
    maxMessageBytes: c.INGEST_MAX_MESSAGE_BYTES,
    batchSize: c.INGEST_BATCH_SIZE,
    concurrency: c.INGEST_CONCURRENCY,
    allowedTypes: c.INGEST_ALLOWED_TYPES ?? defaults.allowedTypes,
    ensureTopics: c.INGEST_ENSURE_TOPICS,
  };
}
