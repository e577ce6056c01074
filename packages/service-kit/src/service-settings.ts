/**
 * The settings every service reads alike, spread into its zod config object: the event store
 * (DATABASE_URL, EVENT_STORE_SCHEMA, EVENTSTORE_CONNECTION_STRING), LOG_LEVEL and its ops server
 * (OPS_PORT, OPS_HOST); `parseServiceEnv` turns them into the config fields every service has.
 */
import type { z } from "zod";
import {
  bulletList,
  type Env,
  eventStoreConfig,
  eventStoreSettings,
  type LogLevel,
  logLevelEnum,
  parseEnv,
} from "./env";
import { type OpsConfig, opsConfig, opsSettings } from "./ops-settings";

export interface ServiceConfig {
  databaseUrl: string;
  eventStoreSchema: string;
  /** Set: EventStoreDB holds the events (as in every service and the platform). */
  eventStoreConnectionString: string | undefined;
  logLevel: LogLevel;
  /** Null: no ops server (OPS_PORT 0 or absent). */
  ops: OpsConfig | null;
}

/** What a service's defaults leave out: only the environment (or a host) gives these. */
export type ServiceDefaults<C extends ServiceConfig> = Omit<
  C,
  "databaseUrl" | "eventStoreConnectionString" | "ops"
>;

export const serviceSettings = (d: {
  eventStoreSchema: string;
  logLevel: LogLevel;
  databaseUrl?: string | undefined;
}) => ({
  ...eventStoreSettings(d),
  LOG_LEVEL: logLevelEnum.default(d.logLevel),
  ...opsSettings,
});

const serviceConfig = (
  c: Parameters<typeof eventStoreConfig>[0] & { LOG_LEVEL: LogLevel; OPS_PORT: number; OPS_HOST: string },
): ServiceConfig => ({ ...eventStoreConfig(c), logLevel: c.LOG_LEVEL, ops: opsConfig(c) });

/**
 * `parseEnv` for a schema that spreads `serviceSettings`: the parsed settings (for the service's
 * own fields) and the config fields every service has. Invalid: `error` gets the one message every
 * service gives, `<service> configuration is invalid:` and then one line per setting at fault.
 */
export function parseServiceEnv<S extends z.ZodType<Parameters<typeof serviceConfig>[0]>>(
  schema: S,
  env: Env,
  service: string,
  error: (message: string) => Error,
): { settings: z.output<S>; service: ServiceConfig } {
  const settings = parseEnv(schema, env, (problems) =>
    error(`${service} configuration is invalid:\n${bulletList(problems)}`),
  );
  return { settings, service: serviceConfig(settings) };
}
