/**
 * Reading a service's environment: one zod schema per service (its `config.ts`), parsed here so
 * that every service reports all its bad settings at once, one line each, in its own error type.
 * Lines name the setting and the rule, never the value (a value may be a secret).
 */
import { z } from "zod";

export type Env = Record<string, string | undefined>;

/**
 * Parses `env` with `schema`; on failure throws `fail(problems)`, one `SETTING: message` line per
 * issue (a rule across settings has an empty path: `: message`).
 */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Env,
  fail: (problems: readonly string[]) => Error,
): z.output<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw fail(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
}

/** `- a\n- b`: problems as a bulleted list, for a multi-line error message. */
export const bulletList = (problems: readonly string[]): string => problems.map((p) => `- ${p}`).join("\n");

/** DATABASE_URL: required, a postgres:// (or postgresql://) URL. */
export const databaseUrlSetting = z
  .string({ error: "DATABASE_URL is required (postgres://user@host:port/db)" })
  .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL");

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** LOG_LEVEL: a pino level; `.default(level)` it with the service's default. */
export const logLevelEnum = z.enum(LOG_LEVELS, {
  error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}`,
});

/** LOG_LEVEL: a pino level, default info. */
export const logLevelSetting = logLevelEnum.default("info");

/** A schema name spliced into SQL: a plain lower-case identifier of at most 63 characters. */
export const sqlIdentifierSetting = (name: string) =>
  z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, `${name} must be a lower-case SQL identifier`);

/**
 * The event-store settings every service reads alike (what `createEventStore` takes): DATABASE_URL
 * (required unless `d.databaseUrl` gives a default), EVENT_STORE_SCHEMA, EVENTSTORE_CONNECTION_STRING.
 */
export const eventStoreSettings = (d: { eventStoreSchema: string; databaseUrl?: string | undefined }) => ({
  DATABASE_URL: d.databaseUrl ? databaseUrlSetting.default(d.databaseUrl) : databaseUrlSetting,
  EVENT_STORE_SCHEMA: sqlIdentifierSetting("EVENT_STORE_SCHEMA").default(d.eventStoreSchema),
  EVENTSTORE_CONNECTION_STRING: eventStoreConnectionSetting,
});

/** The parsed `eventStoreSettings` as a service config's fields. */
export const eventStoreConfig = (c: {
  DATABASE_URL: string;
  EVENT_STORE_SCHEMA: string;
  EVENTSTORE_CONNECTION_STRING?: string | undefined;
}) => ({
  databaseUrl: c.DATABASE_URL,
  eventStoreSchema: c.EVENT_STORE_SCHEMA,
  eventStoreConnectionString: c.EVENTSTORE_CONNECTION_STRING,
});

/** A whole-number setting in [min, max]: each message names the setting and the rule it broke. */
export const intSetting = (name: string, min: number, max: number, dflt: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be an integer`)
    .min(min, `${name} must be ≥ ${min}`)
    .max(max, `${name} must be ≤ ${max}`)
    .default(dflt);

/** A setting spelled `true` or `false`, parsed to a boolean. */
export const booleanSetting = (name: string, dflt: boolean) =>
  z
    .enum(["true", "false"], { error: `${name} must be true or false` })
    .default(dflt ? "true" : "false")
    .transform((v) => v === "true");

/** EVENTSTORE_CONNECTION_STRING: optional; set, EventStoreDB holds the events (every service alike). */
export const eventStoreConnectionSetting = z
  .string()
  .regex(/^esdb(\+discover)?:\/\//, "EVENTSTORE_CONNECTION_STRING must be an esdb:// connection string")
  .optional();
