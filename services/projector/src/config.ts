/** The projector's configuration: the only place that reads the environment's shape. */
import { TOPICS } from "@factorlens/kafka";
import { z } from "zod";

const identifier = (name: string) =>
  z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, `${name} must be a lower-case SQL identifier`);

const schema = z.object({
  DATABASE_URL: z
    .string({ error: "DATABASE_URL is required (postgres://user@host:port/db)" })
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL"),
  EVENT_STORE_SCHEMA: identifier("EVENT_STORE_SCHEMA").default("eventstore"),
  READ_MODELS_SCHEMA: identifier("READ_MODELS_SCHEMA").default("read_models"),
  PROJECTOR_MODE: z
    .enum(["store", "kafka"], { error: "PROJECTOR_MODE must be store or kafka" })
    .default("store"),
  PROJECTOR_BATCH_SIZE: z.coerce.number().int().min(1).max(20_000).default(2000),
  PROJECTOR_SUBSCRIBER_ID: z.string().min(1).default("projector"),
  PROJECTOR_GEO: z.enum(["ip-location-db", "none"]).default("ip-location-db"),
  KAFKA_BROKERS: z.string().optional(),
  KAFKA_CLIENT_ID: z.string().min(1).default("factorlens-projector"),
  PROJECTOR_TOPIC: z.string().min(1).default(TOPICS.events),
  PROJECTOR_GROUP_ID: z.string().min(1).default("factorlens-projector"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
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
}

export class ProjectorConfigError extends Error {
  override name = "ProjectorConfigError";
}

/** Parses the environment; throws listing one line per missing or invalid setting. */
export function loadConfig(env: Record<string, string | undefined>): ProjectorConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `- ${i.path.join(".")}: ${i.message}`);
    throw new ProjectorConfigError(`invalid projector configuration:\n${lines.join("\n")}`);
  }
  const c = parsed.data;
  const brokers = (c.KAFKA_BROKERS ?? "")
    .split(",")
    .map((b) => b.trim())
    .filter(Boolean);
  if (c.PROJECTOR_MODE === "kafka" && brokers.length === 0) {
    throw new ProjectorConfigError(
      "invalid projector configuration:\n- KAFKA_BROKERS: required in kafka mode",
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
  };
}
