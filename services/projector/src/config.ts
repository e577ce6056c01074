/** The projector's configuration: the only place that reads the environment's shape. */
import { TOPICS } from "@factorlens/kafka";
import type { Env, ServiceConfig, ServiceDefaults } from "@factorlens/service-kit";
import {
  bulletList,
  intSetting,
  parseServiceEnv,
  serviceSettings,
  sqlIdentifierSetting,
} from "@factorlens/service-kit";
import { z } from "zod";

/** With EventStoreDB (eventStoreConnectionString set) there is no lag probe. */
export interface ProjectorConfig extends ServiceConfig {
  readModelsSchema: string;
  mode: "store" | "kafka";
  batchSize: number;
  subscriberId: string;
  geo: "ip-location-db" | "none";
  kafka: { brokers: string[]; clientId: string; topic: string; groupId: string } | null;
  /** Head/lag refresh interval of the metrics (ms). */
  lagRefreshMs: number;
}

export type ProjectorDefaults = Omit<ServiceDefaults<ProjectorConfig>, "kafka"> & {
  kafka: { clientId: string; topic: string; groupId: string };
};

/** Every setting's default, alone, in a rebuild and in the platform (which overrides only what it means to). */
export const PROJECTOR_DEFAULTS: ProjectorDefaults = {
  eventStoreSchema: "eventstore",
  readModelsSchema: "read_models",
  mode: "store",
  batchSize: 2000,
  subscriberId: "projector",
  geo: "ip-location-db",
  kafka: { clientId: "factorlens-projector", topic: TOPICS.events, groupId: "factorlens-projector" },
  logLevel: "info",
  lagRefreshMs: 5000,
};

const schemaFor = (d: ProjectorDefaults) =>
  z.object({
    ...serviceSettings(d),
    READ_MODELS_SCHEMA: sqlIdentifierSetting("READ_MODELS_SCHEMA").default(d.readModelsSchema),
    PROJECTOR_MODE: z
      .enum(["store", "kafka"], { error: "PROJECTOR_MODE must be store or kafka" })
      .default(d.mode),
    PROJECTOR_BATCH_SIZE: intSetting("PROJECTOR_BATCH_SIZE", 1, 20_000, d.batchSize),
    PROJECTOR_SUBSCRIBER_ID: z.string().min(1).default(d.subscriberId),
    PROJECTOR_GEO: z.enum(["ip-location-db", "none"]).default(d.geo),
    KAFKA_BROKERS: z.string().optional(),
    KAFKA_CLIENT_ID: z.string().min(1).default(d.kafka.clientId),
    PROJECTOR_TOPIC: z.string().min(1).default(d.kafka.topic),
    PROJECTOR_GROUP_ID: z.string().min(1).default(d.kafka.groupId),
  });

export class ProjectorConfigError extends Error {
  override name = "ProjectorConfigError";
}

/** Parses the environment; throws listing one line per missing or invalid setting. */
export function loadConfig(env: Env, defaults: ProjectorDefaults = PROJECTOR_DEFAULTS): ProjectorConfig {
  const { settings: c, service } = parseServiceEnv(
    schemaFor(defaults),
    env,
    "projector",
    (message) => new ProjectorConfigError(message),
  );
  const brokers = (c.KAFKA_BROKERS ?? "")
    .split(",")
    .map((b) => b.trim())
    .filter(Boolean);
  if (c.PROJECTOR_MODE === "kafka" && brokers.length === 0) {
    throw new ProjectorConfigError(
      `projector configuration is invalid:\n${bulletList(["KAFKA_BROKERS: required in kafka mode"])}`,
    );
  }
  return {
    ...service,
    readModelsSchema: c.READ_MODELS_SCHEMA,
    mode: c.PROJECTOR_MODE,
    batchSize: c.PROJECTOR_BATCH_SIZE,
    subscriberId: c.PROJECTOR_SUBSCRIBER_ID,
    geo: c.PROJECTOR_GEO,
    kafka:
      brokers.length === 0
        ? null
        : { brokers, clientId: c.KAFKA_CLIENT_ID, topic: c.PROJECTOR_TOPIC, groupId: c.PROJECTOR_GROUP_ID },
    lagRefreshMs: defaults.lagRefreshMs,
  };
}
