/** The projector's configuration: the only place that reads the environment's shape. */
import { TOPICS } from "@factorlens/kafka";
import {
  bulletList,
  databaseUrlSetting,
  logLevelSetting,
  type OpsConfig,
  opsConfig,
  opsSettings,
  parseEnv,
  sqlIdentifierSetting,
} from "@factorlens/service-kit";
import { z } from "zod";

/** Events per batch: one home for the default, used alone and in the platform (they had drifted: 2000 vs 1000). */
export const DEFAULT_BATCH_SIZE = 2000;

const schema = z.object({
  DATABASE_URL: databaseUrlSetting,
  EVENT_STORE_SCHEMA: sqlIdentifierSetting("EVENT_STORE_SCHEMA").default("eventstore"),
  READ_MODELS_SCHEMA: sqlIdentifierSetting("READ_MODELS_SCHEMA").default("read_models"),
  PROJECTOR_MODE: z
    .enum(["store", "kafka"], { error: "PROJECTOR_MODE must be store or kafka" })
    .default("store"),
  PROJECTOR_BATCH_SIZE: z.coerce.number().int().min(1).max(20_000).default(DEFAULT_BATCH_SIZE),
  PROJECTOR_SUBSCRIBER_ID: z.string().min(1).default("projector"),
  PROJECTOR_GEO: z.enum(["ip-location-db", "none"]).default("ip-location-db"),
  KAFKA_BROKERS: z.string().optional(),
  KAFKA_CLIENT_ID: z.string().min(1).default("factorlens-projector"),
  PROJECTOR_TOPIC: z.string().min(1).default(TOPICS.events),
  PROJECTOR_GROUP_ID: z.string().min(1).default("factorlens-projector"),
  LOG_LEVEL: logLevelSetting,
  ...opsSettings,
});

export interface ProjectorConfig {
  databaseUrl: string;
  eventStoreSchema: string;
  readModelsSchema: string;
  mode: "store" | "kafka";
  batchSize: number;
  subscriberId: string;
  geo: "ip-location-db" | "none";
  kafka: { brokers: string[]; clientId: string; topic: string; groupId: string } | null;
  logLevel: string;
  /** Null: no ops server (OPS_PORT 0 or absent). */
  ops: OpsConfig | null;
}

export class ProjectorConfigError extends Error {
  override name = "ProjectorConfigError";
}

/** Parses the environment; throws listing one line per missing or invalid setting. */
export function loadConfig(env: Record<string, string | undefined>): ProjectorConfig {
  const c = parseEnv(
    schema,
    env,
    (problems) => new ProjectorConfigError(`invalid projector configuration:\n${bulletList(problems)}`),
  );
  const brokers = (c.KAFKA_BROKERS ?? "")
    .split(",")
    .map((b) => b.trim())
    .filter(Boolean);
  if (c.PROJECTOR_MODE === "kafka" && brokers.length === 0) {
    throw new ProjectorConfigError(
      `invalid projector configuration:\n${bulletList(["KAFKA_BROKERS: required in kafka mode"])}`,
    );
  }
  return {
    databaseUrl: c.DATABASE_URL,
    eventStoreSchema: c.EVENT_STORE_SCHEMA,
    readModelsSchema: c.READ_MODELS_SCHEMA,
    mode: c.PROJECTOR_MODE,
    batchSize: c.PROJECTOR_BATCH_SIZE,
    subscriberId: c.PROJECTOR_SUBSCRIBER_ID,
    geo: c.PROJECTOR_GEO,
    kafka:
      brokers.length === 0
        ? null
        : { brokers, clientId: c.KAFKA_CLIENT_ID, topic: c.PROJECTOR_TOPIC, groupId: c.PROJECTOR_GROUP_ID },
    logLevel: c.LOG_LEVEL,
    ops: opsConfig(c),
  };
}
