/**
 * The platform's configuration: environment variables plus a few command-line flags (`--demo`,
 * `--demo-seconds N`, `--demo-seed N`, `--demo-rate N`). This file is the only one that interprets
 * `process.env` (main.ts passes it in); the verifier's and the support API's own loaders read the
 * operator's settings from the same environment, and the platform builds every service's typed config.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type LogLevel, logLevelEnum } from "@factorlens/service-kit";
import { z } from "zod";
import { PlatformError } from "./errors";

export interface DemoConfig {
  seconds: number;
  seed: number;
  /** Target attempts per second across the population (bursts come on top). */
  rate: number;
}

export interface PlatformConfig {
  host: string;
  dataDir: string;
  /** External PostgreSQL; when unset the embedded one runs on `embeddedPgPort`. */
  databaseUrl?: string;
  embeddedPgPort: number;
  verifierPort: number;
  supportPort: number;
  /** The platform's ops server (healthz, readyz, metrics); 0: none. */
  opsPort: number;
  eventStoreConnectionString?: string;
  kafkaBrokers?: string[];
  demo: DemoConfig | null;
  logLevel: LogLevel;
  /** The verifier's own log level (FACTORLENS_VERIFIER_LOG_LEVEL), default the platform's. */
  verifierLogLevel: LogLevel;
  /** The environment as given, for composed services' own config loaders (verifier, support API). */
  env: Record<string, string | undefined>;
}

/** `<repo>/.data/platform`, whatever the working directory. */
export const DEFAULT_DATA_DIR = resolve(fileURLToPath(new URL("../../../.data/platform", import.meta.url)));

const port = (dflt: number) => z.coerce.number().int().min(0).max(65535).default(dflt);
const flagOn = z
  .enum(["", "0", "1", "true", "false", "yes", "no"], { error: "must be 1/0, true/false or yes/no" })
  .optional()
  .transform((v) => v === "1" || v === "true" || v === "yes");

const EnvSchema = z.object({
  FACTORLENS_HOST: z.string().min(1).default("127.0.0.1"),
  FACTORLENS_PLATFORM_DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z.url({ error: "must be a postgres:// URL" }).optional(),
  FACTORLENS_PLATFORM_PG_PORT: port(54330),
  FACTORLENS_VERIFIER_PORT: port(8080),
  FACTORLENS_SUPPORT_PORT: port(4000),
  FACTORLENS_OPS_PORT: port(0),
  EVENTSTORE_CONNECTION_STRING: z.string().min(1).optional(),
  KAFKA_BROKERS: z.string().min(1).optional(),
  FACTORLENS_DEMO: flagOn,
  FACTORLENS_DEMO_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  FACTORLENS_DEMO_SEED: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .default(42),
  FACTORLENS_DEMO_RATE: z.coerce.number().min(1).max(5000).default(25),
  LOG_LEVEL: logLevelEnum.default("warn"),
  FACTORLENS_VERIFIER_LOG_LEVEL: logLevelEnum.optional(),
});

const FLAG_ENV: Record<string, keyof z.input<typeof EnvSchema>> = {
  "--demo-seconds": "FACTORLENS_DEMO_SECONDS",
  "--demo-seed": "FACTORLENS_DEMO_SEED",
  "--demo-rate": "FACTORLENS_DEMO_RATE",
};

/** Folds command-line flags into env-style keys (flags win). A bare `--` (pnpm passes it on) is ignored. */
export function flagsToEnv(argv: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") continue;
    if (arg === "--demo") {
      out.FACTORLENS_DEMO = "1";
      continue;
    }
    const [name, inline] = arg.split("=", 2) as [string, string | undefined];
    const key = FLAG_ENV[name];
    if (!key) throw new PlatformError("invalid_config", `unknown argument ${JSON.stringify(arg)}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new PlatformError("invalid_config", `${name} needs a value`);
    out[key] = value;
    if (key.startsWith("FACTORLENS_DEMO_")) out.FACTORLENS_DEMO = "1";
  }
  return out;
}

export function loadConfig(
  env: Record<string, string | undefined>,
  argv: readonly string[] = [],
): PlatformConfig {
  const merged = { ...env, ...flagsToEnv(argv) };
  const parsed = EnvSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "env"}: ${i.message}`);
    throw new PlatformError("invalid_config", `invalid platform configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    host: e.FACTORLENS_HOST,
    dataDir: resolve(e.FACTORLENS_PLATFORM_DATA_DIR ?? DEFAULT_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    embeddedPgPort: e.FACTORLENS_PLATFORM_PG_PORT,
    verifierPort: e.FACTORLENS_VERIFIER_PORT,
    supportPort: e.FACTORLENS_SUPPORT_PORT,
    opsPort: e.FACTORLENS_OPS_PORT,
    eventStoreConnectionString: e.EVENTSTORE_CONNECTION_STRING,
    kafkaBrokers: e.KAFKA_BROKERS?.split(",")
      .map((b) => b.trim())
      .filter(Boolean),
    demo: e.FACTORLENS_DEMO
      ? { seconds: e.FACTORLENS_DEMO_SECONDS, seed: e.FACTORLENS_DEMO_SEED, rate: e.FACTORLENS_DEMO_RATE }
      : null,
    logLevel: e.LOG_LEVEL,
    verifierLogLevel: e.FACTORLENS_VERIFIER_LOG_LEVEL ?? e.LOG_LEVEL,
    env: merged,
  };
}
