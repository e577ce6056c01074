/**
 * The verifier's configuration, parsed from the environment once at start. This is the only file
 * that reads `process.env` (through `loadConfig(env)`); every setting has one clear message when it
 * is missing or invalid, and secrets never appear in those messages.
 */
import { createHash } from "node:crypto";
import { DEFAULT_DECIDER_POLICY, type DeciderPolicy } from "@factorlens/domain";
import { z } from "zod";

export type Scope = "verify" | "enroll" | "admin";
export const SCOPES: readonly Scope[] = ["verify", "enroll", "admin"];

export interface ApiKeyEntry {
  name: string;
  scopes: ReadonlySet<Scope>;
  /** SHA-256 of the key; the key itself is not kept. */
  sha256: Buffer;
}

export interface MasterKey {
  id: string;
  key: Buffer;
}

export interface SmsConfig {
  provider: "console" | "http";
  httpUrl?: string;
  httpAuthHeader?: string;
  codeTtlSeconds: number;
  /** Expired challenges (their code MACs) are deleted after this many days (late receipts match until then). */
  challengeRetentionDays: number;
  /** National digits kept after the calling code in SmsDispatched's pumping prefix (0..4, default 2). */
  prefixDigits?: number;
}

export type GuessPolicy = Pick<
  DeciderPolicy,
  | "maxConsecutiveFailures"
  | "lockoutBackoffMinutes"
  | "maxFailuresWithoutSuccess"
  | "factorGuessBudget"
  | "factorBudgetDays"
  | "retryGraceSeconds"
>;

export interface VerifierConfig {
  port: number;
  host: string;
  databaseUrl?: string;
  masterKeys: MasterKey[];
  activeKeyId: string;
  apiKeys: ApiKeyEntry[];
  bodyLimitBytes: number;
  /** syncMs: how often instances exchange their counts (shared limits); 0 = each instance alone. */
  rateLimit: { windowMs: number; perIp: number; perUser: number; syncMs: number };
  secretCacheSize: number;
  stateCacheSize: number;
  /**
   * A snapshot of a user's state is stored once this many events were appended since the last
   * one (or folded on a load), so a cache miss folds at most about this many events. 0 = off
   * (neither written nor read: a miss folds from revision 0).
   */
  stateSnapshotEvery: number;
  /** Connections of the event store's pool (appends in flight at once). */
  storePoolSize: number;
  /**
   * Append statements running at once; appends arriving meanwhile go together in the next one
   * (group commit). Fewer means fewer transactions and round trips per verification under load.
   */
  storeAppendsInFlight: number;
  retiredSecretRetentionDays: number;
  /** The guessing policy the decider applies (lockout backoff, guessing budgets, retry grace). */
  policy: GuessPolicy;
  sms: SmsConfig;
  /** SMS pumping protection (see the guard block below); null = off. */
  smsGuard: SmsGuardConfig | null;
  /** Throttle of IPs (and their /24 or /64) failing for many users; null = off. */
  ipThrottle: IpThrottleConfig | null;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
}

export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(readonly problems: string[]) {
    super(`invalid verifier configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

const int = (min: number, max: number, dflt: number) =>
  z.coerce.number().int().min(min).max(max).default(dflt);

const masterKeys = z.string({ error: "is required (kid:base64key,...)" }).transform((raw, ctx) => {
  const keys: MasterKey[] = [];
  for (const [i, part] of raw.split(",").entries()) {
    const [id, b64, extra] = part.trim().split(":");
    const key = b64 ? Buffer.from(b64, "base64") : Buffer.alloc(0);
    if (!id || extra !== undefined || key.length !== 32 || !/^[A-Za-z0-9_-]+$/.test(id)) {
      ctx.addIssue({ code: "custom", message: `entry ${i + 1} must be kid:base64 of 32 bytes` });
      continue;
    }
    keys.push({ id, key });
  }
  return keys;
});

const apiKeys = z.string({ error: "is required (name:scope1+scope2:secret,...)" }).transform((raw, ctx) => {
  const entries: ApiKeyEntry[] = [];
  for (const [i, part] of raw.split(",").entries()) {
    const [name, scopeList, secret, extra] = part.trim().split(":");
    const scopes = (scopeList ?? "").split("+");
    const valid = scopes.every((s): s is Scope => (SCOPES as string[]).includes(s));
    if (!name || !secret || extra !== undefined || !valid || secret.length < 16) {
      ctx.addIssue({
        code: "custom",
        message: `entry ${i + 1} must be name:scope(+scope):secret with scopes in ${SCOPES.join("/")} and a secret of ≥ 16 characters`,
      });
      continue;
    }
    entries.push({ name, scopes: new Set(scopes), sha256: createHash("sha256").update(secret).digest() });
  }
  return entries;
});

const EnvSchema = z.object({
  PORT: int(0, 65535, 8080),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z.url({ error: "must be a postgres:// URL" }).optional(),
  FACTORLENS_MASTER_KEYS: masterKeys,
  FACTORLENS_ACTIVE_KEY_ID: z.string().min(1).optional(),
  FACTORLENS_API_KEYS: apiKeys,
  FACTORLENS_BODY_LIMIT_BYTES: int(256, 1_048_576, 16_384),
  FACTORLENS_RATE_LIMIT_WINDOW_MS: int(100, 3_600_000, 60_000),
  FACTORLENS_RATE_LIMIT_PER_IP: int(1, 10_000_000, 600),
  FACTORLENS_RATE_LIMIT_PER_USER: int(1, 10_000_000, 30),
  FACTORLENS_RATE_LIMIT_SYNC_MS: int(0, 60_000, 250),
  FACTORLENS_SECRET_CACHE_SIZE: int(0, 10_000_000, 50_000),
  FACTORLENS_STATE_CACHE_SIZE: int(0, 10_000_000, 50_000),
  FACTORLENS_STATE_SNAPSHOT_EVERY: int(0, 1_000_000, 64),
  FACTORLENS_STORE_POOL_SIZE: int(1, 500, 32),
  FACTORLENS_STORE_APPENDS_IN_FLIGHT: int(1, 64, 2),
  FACTORLENS_RETIRED_SECRET_RETENTION_DAYS: int(0, 3650, 90),
  FACTORLENS_LOCKOUT_AFTER_FAILURES: int(1, 100, DEFAULT_DECIDER_POLICY.maxConsecutiveFailures),
  FACTORLENS_LOCKOUT_BACKOFF_MINUTES: z
    .string()
    .regex(/^\d{1,5}(,\d{1,5})*$/, "must be minutes separated by commas, e.g. 1,5,15,60,240")
    .transform((v) => v.split(",").map(Number))
    .refine((v) => v.every((m) => m >= 1), "each lockout must last at least 1 minute")
    .optional(),
  // NIST SP 800-63B allows no more than 100 consecutive failed attempts
  FACTORLENS_MAX_FAILURES_WITHOUT_SUCCESS: int(1, 100, DEFAULT_DECIDER_POLICY.maxFailuresWithoutSuccess),
  // at most the failures the state keeps per factor (GUESS_HISTORY_KEPT)
  FACTORLENS_FACTOR_GUESS_BUDGET: int(1, 500, DEFAULT_DECIDER_POLICY.factorGuessBudget),
  FACTORLENS_FACTOR_BUDGET_DAYS: int(1, 365, DEFAULT_DECIDER_POLICY.factorBudgetDays),
  FACTORLENS_RETRY_GRACE_SECONDS: int(0, 3600, DEFAULT_DECIDER_POLICY.retryGraceSeconds),
  FACTORLENS_SMS_PROVIDER: z.enum(["console", "http"]).default("console"),
  FACTORLENS_SMS_HTTP_URL: z.url().optional(),
  FACTORLENS_SMS_HTTP_AUTH: z.string().min(1).optional(),
  FACTORLENS_SMS_CODE_TTL_SECONDS: int(30, 3600, 300),
  FACTORLENS_SMS_CHALLENGE_RETENTION_DAYS: int(1, 3650, 30),
  FACTORLENS_SMS_PREFIX_DIGITS: int(0, 4, 2),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

/** Parses the environment; throws a ConfigError listing every problem (one line per setting). */
export function loadConfig(env: Record<string, string | undefined>): VerifierConfig {
  const parsed = EnvSchema.safeParse(env);
  const guards = GuardEnvSchema.safeParse(env);
  if (!parsed.success || !guards.success) {
    const issues = [...(parsed.error?.issues ?? []), ...(guards.error?.issues ?? [])];
    throw new ConfigError(issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const activeKeyId = e.FACTORLENS_ACTIVE_KEY_ID ?? e.FACTORLENS_MASTER_KEYS[0]?.id ?? "";
  if (!e.FACTORLENS_MASTER_KEYS.some((k) => k.id === activeKeyId)) {
    problems.push("FACTORLENS_ACTIVE_KEY_ID: must name one of the keys in FACTORLENS_MASTER_KEYS");
  }
  if (new Set(e.FACTORLENS_MASTER_KEYS.map((k) => k.id)).size !== e.FACTORLENS_MASTER_KEYS.length) {
    problems.push("FACTORLENS_MASTER_KEYS: key ids must be unique");
  }
  if (e.FACTORLENS_API_KEYS.length === 0) problems.push("FACTORLENS_API_KEYS: at least one key is required");
  if (e.FACTORLENS_SMS_PROVIDER === "http" && !e.FACTORLENS_SMS_HTTP_URL) {
    problems.push("FACTORLENS_SMS_HTTP_URL: is required when FACTORLENS_SMS_PROVIDER=http");
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    masterKeys: e.FACTORLENS_MASTER_KEYS,
    activeKeyId,
    apiKeys: e.FACTORLENS_API_KEYS,
    bodyLimitBytes: e.FACTORLENS_BODY_LIMIT_BYTES,
    rateLimit: {
      windowMs: e.FACTORLENS_RATE_LIMIT_WINDOW_MS,
      perIp: e.FACTORLENS_RATE_LIMIT_PER_IP,
      perUser: e.FACTORLENS_RATE_LIMIT_PER_USER,
      syncMs: e.FACTORLENS_RATE_LIMIT_SYNC_MS,
    },
    secretCacheSize: e.FACTORLENS_SECRET_CACHE_SIZE,
    stateCacheSize: e.FACTORLENS_STATE_CACHE_SIZE,
    stateSnapshotEvery: e.FACTORLENS_STATE_SNAPSHOT_EVERY,
    storePoolSize: e.FACTORLENS_STORE_POOL_SIZE,
    storeAppendsInFlight: e.FACTORLENS_STORE_APPENDS_IN_FLIGHT,
    retiredSecretRetentionDays: e.FACTORLENS_RETIRED_SECRET_RETENTION_DAYS,
    policy: {
      maxConsecutiveFailures: e.FACTORLENS_LOCKOUT_AFTER_FAILURES,
      lockoutBackoffMinutes:
        e.FACTORLENS_LOCKOUT_BACKOFF_MINUTES ?? DEFAULT_DECIDER_POLICY.lockoutBackoffMinutes,
      maxFailuresWithoutSuccess: e.FACTORLENS_MAX_FAILURES_WITHOUT_SUCCESS,
      factorGuessBudget: e.FACTORLENS_FACTOR_GUESS_BUDGET,
      factorBudgetDays: e.FACTORLENS_FACTOR_BUDGET_DAYS,
      retryGraceSeconds: e.FACTORLENS_RETRY_GRACE_SECONDS,
    },
    sms: {
      provider: e.FACTORLENS_SMS_PROVIDER,
      httpUrl: e.FACTORLENS_SMS_HTTP_URL,
      httpAuthHeader: e.FACTORLENS_SMS_HTTP_AUTH,
      codeTtlSeconds: e.FACTORLENS_SMS_CODE_TTL_SECONDS,
      challengeRetentionDays: e.FACTORLENS_SMS_CHALLENGE_RETENTION_DAYS,
      prefixDigits: e.FACTORLENS_SMS_PREFIX_DIGITS,
    },
    ...guardConfig(guards.data),
    logLevel: e.LOG_LEVEL,
  };
}

// ---- SMS guard and IP throttle (both off unless enabled; defaults and reasoning in the README) ----

export interface SmsGuardConfig {
  burstSends: number;
  windowMinutes: number;
  minConversion: number;
  graceSeconds: number;
  coolDownMinutes: number;
  /** `+` prefixes and ISO countries never refused. */
  allow: string[];
}

export interface IpThrottleConfig {
  /** Distinct users an IP (or its network) failed for within the window before it is throttled. */
  users: number;
  windowMinutes: number;
  coolDownMinutes: number;
  /** The network an address is grouped in: /24 for IPv4, /64 for IPv6 by default. */
  ipv4PrefixBits: number;
  ipv6PrefixBits: number;
}

const flag = z
  .enum(["true", "false", "1", "0"], { error: "must be true or false" })
  .default("false")
  .transform((v) => v === "true" || v === "1");
const allowList = z
  .string()
  .default("")
  .transform((v) =>
    v
      .split(",")
      .map((x) => x.trim())
      .filter((x) => x !== ""),
  )
  .refine(
    (xs) => xs.every((x) => /^\+[1-9]\d{0,6}$/.test(x) || /^[A-Z]{2}$/.test(x)),
    "must be +prefixes (+44, +23276) or ISO countries (GB) separated by commas",
  );

const GuardEnvSchema = z.object({
  FACTORLENS_SMS_GUARD_ENABLED: flag,
  FACTORLENS_SMS_GUARD_BURST_SENDS: int(2, 1_000_000, 30),
  FACTORLENS_SMS_GUARD_WINDOW_MINUTES: int(1, 1440, 15),
  FACTORLENS_SMS_GUARD_MIN_CONVERSION: z.coerce.number().min(0).max(1).default(0.2),
  FACTORLENS_SMS_GUARD_GRACE_SECONDS: int(0, 3600, 180),
  FACTORLENS_SMS_GUARD_COOLDOWN_MINUTES: int(1, 10_080, 60),
  FACTORLENS_SMS_GUARD_ALLOW: allowList,
  FACTORLENS_IP_THROTTLE_ENABLED: flag,
  FACTORLENS_IP_THROTTLE_USERS: int(2, 100_000, 20),
  FACTORLENS_IP_THROTTLE_WINDOW_MINUTES: int(1, 1440, 10),
  FACTORLENS_IP_THROTTLE_COOLDOWN_MINUTES: int(1, 10_080, 30),
  FACTORLENS_IP_THROTTLE_IPV4_PREFIX: int(8, 32, 24),
  FACTORLENS_IP_THROTTLE_IPV6_PREFIX: int(16, 128, 64),
});

const guardConfig = (g: z.infer<typeof GuardEnvSchema>) => ({
  smsGuard: g.FACTORLENS_SMS_GUARD_ENABLED
    ? {
        burstSends: g.FACTORLENS_SMS_GUARD_BURST_SENDS,
        windowMinutes: g.FACTORLENS_SMS_GUARD_WINDOW_MINUTES,
        minConversion: g.FACTORLENS_SMS_GUARD_MIN_CONVERSION,
        graceSeconds: g.FACTORLENS_SMS_GUARD_GRACE_SECONDS,
        coolDownMinutes: g.FACTORLENS_SMS_GUARD_COOLDOWN_MINUTES,
        allow: g.FACTORLENS_SMS_GUARD_ALLOW,
      }
    : null,
  ipThrottle: g.FACTORLENS_IP_THROTTLE_ENABLED
    ? {
        users: g.FACTORLENS_IP_THROTTLE_USERS,
        windowMinutes: g.FACTORLENS_IP_THROTTLE_WINDOW_MINUTES,
        coolDownMinutes: g.FACTORLENS_IP_THROTTLE_COOLDOWN_MINUTES,
        ipv4PrefixBits: g.FACTORLENS_IP_THROTTLE_IPV4_PREFIX,
        ipv6PrefixBits: g.FACTORLENS_IP_THROTTLE_IPV6_PREFIX,
      }
    : null,
});
