/** The relay's configuration: the only place that reads the environment's shape. */
import { kafkaBrokersSetting, TOPICS } from "@factorlens/kafka";
import {
  booleanSetting,
  bulletList,
  type Env,
  eventStoreConfig,
  eventStoreSettings,
  intSetting,
  type LogLevel,
  logLevelEnum,
  type OpsConfig,
  opsConfig,
  opsSettings,
  parseEnv,
} from "@factorlens/service-kit";
import { z } from "zod";
import { RelayError } from "./errors";

export type RelayDefaults = Omit<
  RelayConfig,
  "databaseUrl" | "eventStoreConnectionString" | "kafkaBrokers" | "ops"
>;

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
    ...eventStoreSettings(d),
    KAFKA_BROKERS: kafkaBrokersSetting,
    KAFKA_CLIENT_ID: z.string().min(1).default(d.kafkaClientId),
    RELAY_TOPIC: z.string().min(1).default(d.topic),
    RELAY_SUBSCRIBER_ID: z.string().min(1).default(d.subscriberId),
    RELAY_BATCH_SIZE: intSetting("RELAY_BATCH_SIZE", 1, 10_000, d.batchSize),
    RELAY_ENSURE_TOPICS: booleanSetting("RELAY_ENSURE_TOPICS", d.ensureTopics),
    LOG_LEVEL: logLevelEnum.default(d.logLevel),
    ...opsSettings,
  });

export interface RelayConfig {
  databaseUrl: string;
  eventStoreSchema: string;
  /** Set: EventStoreDB holds the events (as in every service and the platform). */
  eventStoreConnectionString: string | undefined;
  kafkaBrokers: string[];
  kafkaClientId: string;
  topic: string;
  subscriberId: string;
  batchSize: number;
  ensureTopics: boolean;
  logLevel: LogLevel;
  /** Null: no ops server (OPS_PORT 0 or absent). */
  ops: OpsConfig | null;
  /** Head/lag refresh interval of the metrics (ms). */
  lagRefreshMs: number;
}

/** Parses the environment; throws `invalid_config` listing one line per missing or invalid setting. */
export function loadConfig(env: Env, defaults: RelayDefaults = RELAY_DEFAULTS): RelayConfig {
  const c = parseEnv(
    schemaFor(defaults),
    env,
    (problems) =>
      new RelayError("invalid_config", `relay configuration is invalid:\n${bulletList(problems)}`),
  );
  return {
    ...eventStoreConfig(c),
    kafkaBrokers: c.KAFKA_BROKERS,
    kafkaClientId: c.KAFKA_CLIENT_ID,
    topic: c.RELAY_TOPIC,
    subscriberId: c.RELAY_SUBSCRIBER_ID,
    batchSize: c.RELAY_BATCH_SIZE,
    ensureTopics: c.RELAY_ENSURE_TOPICS,
    logLevel: c.LOG_LEVEL,
    ops: opsConfig(c),
    lagRefreshMs: defaults.lagRefreshMs,
  };
}
