/** The relay's configuration: the only place that reads the environment's shape. */
import { kafkaBrokersSetting, TOPICS } from "@factorlens/kafka";
import {
  bulletList,
  databaseUrlSetting,
  eventStoreConnectionSetting,
  logLevelSetting,
  type OpsConfig,
  opsConfig,
  opsSettings,
  parseEnv,
} from "@factorlens/service-kit";
import { z } from "zod";
import { RelayError } from "./errors";

const schema = z.object({
  DATABASE_URL: databaseUrlSetting,
  EVENT_STORE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, "EVENT_STORE_SCHEMA must be an identifier")
    .default("eventstore"),
  EVENTSTORE_CONNECTION_STRING: eventStoreConnectionSetting,
  KAFKA_BROKERS: kafkaBrokersSetting,
  KAFKA_CLIENT_ID: z.string().min(1).default("factorlens-relay"),
  RELAY_TOPIC: z.string().min(1).default(TOPICS.events),
  RELAY_SUBSCRIBER_ID: z.string().min(1).default("relay"),
  RELAY_BATCH_SIZE: z.coerce
    .number({ error: "RELAY_BATCH_SIZE must be a number" })
    .int()
    .min(1, "RELAY_BATCH_SIZE must be ≥ 1")
    .max(10_000, "RELAY_BATCH_SIZE must be ≤ 10000")
    .default(500),
  RELAY_ENSURE_TOPICS: z
    .enum(["true", "false"], { error: "RELAY_ENSURE_TOPICS must be true or false" })
    .default("true"),
  LOG_LEVEL: logLevelSetting,
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
  logLevel: string;
  /** Null: no ops server (OPS_PORT 0 or absent). */
  ops: OpsConfig | null;
}

/** Parses the environment; throws `invalid_config` listing one line per missing or invalid setting. */
export function loadConfig(env: Record<string, string | undefined>): RelayConfig {
  const c = parseEnv(
    schema,
    env,
    (problems) =>
      new RelayError("invalid_config", `relay configuration is invalid:\n${bulletList(problems)}`),
  );
  return {
    databaseUrl: c.DATABASE_URL,
    eventStoreSchema: c.EVENT_STORE_SCHEMA,
    eventStoreConnectionString: c.EVENTSTORE_CONNECTION_STRING,
    kafkaBrokers: c.KAFKA_BROKERS,
    kafkaClientId: c.KAFKA_CLIENT_ID,
    topic: c.RELAY_TOPIC,
    subscriberId: c.RELAY_SUBSCRIBER_ID,
    batchSize: c.RELAY_BATCH_SIZE,
    ensureTopics: c.RELAY_ENSURE_TOPICS === "true",
    logLevel: c.LOG_LEVEL,
    ops: opsConfig(c),
  };
}
