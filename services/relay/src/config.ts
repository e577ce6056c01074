/** The relay's configuration: the only place that reads the environment's shape. */
import { type KafkaClientConfig, kafkaClientConfig, kafkaClientSettings, TOPICS } from "@factorlens/kafka";
import type { Env, ServiceConfig, ServiceDefaults } from "@factorlens/service-kit";
import { booleanSetting, intSetting, parseServiceEnv, serviceSettings } from "@factorlens/service-kit";
import { z } from "zod";
import { RelayError } from "./errors";

export type RelayDefaults = Omit<ServiceDefaults<RelayConfig>, "kafkaBrokers">;

/** Every setting's default, alone and in the platform (which overrides only what it means to). */
export const RELAY_DEFAULTS: RelayDefaults = {
  eventStoreSchema: "eventstore",
  kafkaClientId: "factorlens-relay",
  topic: TOPICS.events,
  subscriberId: "relay",
  batchSize: 500,
  ensureTopics: true,
  logLevel: "info",
  lagRefreshMs: 5000,
};

const schemaFor = (d: RelayDefaults) =>
  z.object({
    ...serviceSettings(d),
    ...kafkaClientSettings(d),
    RELAY_TOPIC: z.string().min(1).default(d.topic),
    RELAY_SUBSCRIBER_ID: z.string().min(1).default(d.subscriberId),
    RELAY_BATCH_SIZE: intSetting("RELAY_BATCH_SIZE", 1, 10_000, d.batchSize),
    RELAY_ENSURE_TOPICS: booleanSetting("RELAY_ENSURE_TOPICS", d.ensureTopics),
  });

export interface RelayConfig extends ServiceConfig, KafkaClientConfig {
  topic: string;
  subscriberId: string;
  batchSize: number;
  ensureTopics: boolean;
  /** Head/lag refresh interval of the metrics (ms). */
  lagRefreshMs: number;
}

/** Parses the environment; throws `invalid_config` listing one line per missing or invalid setting. */
export function loadConfig(env: Env, defaults: RelayDefaults = RELAY_DEFAULTS): RelayConfig {
  const { settings: c, service } = parseServiceEnv(
    schemaFor(defaults),
    env,
    "relay",
    (message) => new RelayError("invalid_config", message),
  );
  return {
    ...service,
    ...kafkaClientConfig(c),
    topic: c.RELAY_TOPIC,
    subscriberId: c.RELAY_SUBSCRIBER_ID,
    batchSize: c.RELAY_BATCH_SIZE,
    ensureTopics: c.RELAY_ENSURE_TOPICS,
    lagRefreshMs: defaults.lagRefreshMs,
  };
}
