/**
 * The verifier's configuration, parsed from the environment once at start. This is the only file
 * that reads `process.env` (through `loadConfig(env)`); every setting has one clear message when it
 * is missing or invalid, and secrets never appear in those messages.
 */
import { createHash } from "node:crypto";
import { DEFAULT_DECIDER_POLICY, type DeciderPolicy } from "@factorlens/domain";
import {
  type Env,
  eventStoreConnectionSetting,
  type LogLevel,
  logLevelEnum,
  sqlIdentifierSetting,
} from "@factorlens/service-kit";
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
  | "freshVerificationMinutes"
>;

export interface VerifierConfig {
  port: number;
  host: string;
  databaseUrl?: string;
  /** PostgreSQL schema of the events (when PostgreSQL holds them). */
  eventStoreSchema: string;
  /** Set: EventStoreDB holds the events (as in every service and the platform). */
  eventStoreConnectionString: string | undefined;
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
  /**
   * The policy the decider applies: lockout backoff, guessing budgets, retry grace, and how recent
   * a successful code must be to disable a factor or issue recovery codes.
   */
  policy: GuessPolicy;
  sms: SmsConfig;
  /** SMS pumping protection (see the guard block below); null = off. */
  smsGuard: SmsGuardConfig | null;
  /** Throttle of IPs (and their /24 or /64) failing for many users; null = off. */
  ipThrottle: IpThrottleConfig | null;
  logLevel: LogLevel;
}

/**
 * What has a default: everything but the keys and the database. A host may add `masterKeys` and
 * `apiKeys` (the platform's development keys), used when the environment sets none.
 */
export type VerifierDefaults = Omit<
  VerifierConfig,
  "databaseUrl" | "eventStoreConnectionString" | "masterKeys" | "activeKeyId" | "apiKeys"
> &
  Partial<Pick<VerifierConfig, "masterKeys" | "apiKeys">>;

/** Every setting's default, alone and in the platform (which overrides only what it means to). */
export const VERIFIER_DEFAULTS: VerifierDefaults = {
  port: 8080,
  host: "127.0.0.1",
  eventStoreSchema: "eventstore",
  bodyLimitBytes: 16_384,
  rateLimit: { windowMs: 60_000, perIp: 600, perUser: 30, syncMs: 250 },
  secretCacheSize: 50_000,
  stateCacheSize: 50_000,
  stateSnapshotEvery: 64,
  storePoolSize: 32,
  storeAppendsInFlight: 2,
  retiredSecretRetentionDays: 90,
  policy: {
    maxConsecutiveFailures: DEFAULT_DECIDER_POLICY.maxConsecutiveFailures,
    lockoutBackoffMinutes: DEFAULT_DECIDER_POLICY.lockoutBackoffMinutes,
    maxFailuresWithoutSuccess: DEFAULT_DECIDER_POLICY.maxFailuresWithoutSuccess,
    factorGuessBudget: DEFAULT_DECIDER_POLICY.factorGuessBudget,
    factorBudgetDays: DEFAULT_DECIDER_POLICY.factorBudgetDays,
    retryGraceSeconds: DEFAULT_DECIDER_POLICY.retryGraceSeconds,
    freshVerificationMinutes: DEFAULT_DECIDER_POLICY.freshVerificationMinutes,
  },
  sms: { provider: "console", codeTtlSeconds: 300, challengeRetentionDays: 30, prefixDigits: 2 },
  smsGuard: null,
  ipThrottle: null,
  logLevel: "info",
};

/** An API key entry as FACTORLENS_API_KEYS would give it (the platform's development key). */
export const apiKeyEntry = (name: string, scopes: readonly Scope[], secret: string): ApiKeyEntry => ({
  name,
  scopes: new Set(scopes),
  sha256: createHash("sha256").update(secret).digest(),
});

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
    entries.push(apiKeyEntry(name, scopes, secret));
  }
  return entries;
});

const envSchema = (d: VerifierDefaults) =>
  z.object({
    PORT: int(0, 65535, d.port),
    HOST: z.string().min(1).default(d.host),
    DATABASE_URL: z.url({ error: "must be a postgres:// URL" }).optional(),
    EVENT_STORE_SCHEMA: sqlIdentifierSetting("EVENT_STORE_SCHEMA").default(d.eventStoreSchema),
    EVENTSTORE_CONNECTION_STRING: eventStoreConnectionSetting,
    FACTORLENS_MASTER_KEYS: d.masterKeys ? masterKeys.default(d.masterKeys) : masterKeys,
    FACTORLENS_ACTIVE_KEY_ID: z.string().min(1).optional(),
    FACTORLENS_API_KEYS: d.apiKeys ? apiKeys.default(d.apiKeys) : apiKeys,
    FACTORLENS_BODY_LIMIT_BYTES: int(256, 1_048_576, d.bodyLimitBytes),
    FACTORLENS_RATE_LIMIT_WINDOW_MS: int(100, 3_600_000, d.rateLimit.windowMs),
    FACTORLENS_RATE_LIMIT_PER_IP: int(1, 10_000_000, d.rateLimit.perIp),
    FACTORLENS_RATE_LIMIT_PER_USER: int(1, 10_000_000, d.rateLimit.perUser),
    FACTORLENS_RATE_LIMIT_SYNC_MS: int(0, 60_000, d.rateLimit.syncMs),
    FACTORLENS_SECRET_CACHE_SIZE: int(0, 10_000_000, d.secretCacheSize),
    FACTORLENS_STATE_CACHE_SIZE: int(0, 10_000_000, d.stateCacheSize),
    FACTORLENS_STATE_SNAPSHOT_EVERY: int(0, 1_000_000, d.stateSnapshotEvery),
    FACTORLENS_STORE_POOL_SIZE: int(1, 500, d.storePoolSize),
    FACTORLENS_STORE_APPENDS_IN_FLIGHT: int(1, 64, d.storeAppendsInFlight),
    FACTORLENS_RETIRED_SECRET_RETENTION_DAYS: int(0, 3650, d.retiredSecretRetentionDays),
    FACTORLENS_LOCKOUT_AFTER_FAILURES: int(1, 100, d.policy.maxConsecutiveFailures),
    FACTORLENS_LOCKOUT_BACKOFF_MINUTES: z
      .string()
      .regex(/^\d{1,5}(,\d{1,5})*$/, "must be minutes separated by commas, e.g. 1,5,15,60,240")
      .transform((v) => v.split(",").map(Number))
      .refine((v) => v.every((m) => m >= 1), "each lockout must last at least 1 minute")
      .optional(),
    // NIST SP 800-63B allows no more than 100 consecutive failed attempts
    FACTORLENS_MAX_FAILURES_WITHOUT_SUCCESS: int(1, 100, d.policy.maxFailuresWithoutSuccess),
    // at most the failures the state keeps per factor (GUESS_HISTORY_KEPT)
    FACTORLENS_FACTOR_GUESS_BUDGET: int(1, 500, d.policy.factorGuessBudget),
    FACTORLENS_FACTOR_BUDGET_DAYS: int(1, 365, d.policy.factorBudgetDays),
    FACTORLENS_RETRY_GRACE_SECONDS: int(0, 3600, d.policy.retryGraceSeconds),
    // longer weakens the step-up that guards disabling 2FA; a day at most
    FACTORLENS_FRESH_VERIFICATION_MINUTES: int(1, 1440, d.policy.freshVerificationMinutes),
    FACTORLENS_SMS_PROVIDER: z.enum(["console", "http"]).default(d.sms.provider),
    FACTORLENS_SMS_HTTP_URL: z.url().optional(),
    FACTORLENS_SMS_HTTP_AUTH: z.string().min(1).optional(),
    FACTORLENS_SMS_CODE_TTL_SECONDS: int(30, 3600, d.sms.codeTtlSeconds),
    FACTORLENS_SMS_CHALLENGE_RETENTION_DAYS: int(1, 3650, d.sms.challengeRetentionDays),
    FACTORLENS_SMS_PREFIX_DIGITS: int(0, 4, d.sms.prefixDigits ?? 2),
    LOG_LEVEL: logLevelEnum.default(d.logLevel),
  });

/** Parses the environment; throws a ConfigError listing every problem (one line per setting). */
export function loadConfig(env: Env, defaults: VerifierDefaults = VERIFIER_DEFAULTS): VerifierConfig {
  const parsed = envSchema(defaults).safeParse(env);
  const guards = guardEnvSchema(defaults).safeParse(env);
  if (!parsed.success || !guards.success) {
    const issues = [...(parsed.error?.issues ?? []), ...(guards.error?.issues ?? [])];
    throw new ConfigError(issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`));
  }
  const e = parsed.data;
  const d = defaults;
  const problems: string[] = [];
  const activeKeyId = e.FACTORLENS_ACTIVE_KEY_ID ?? e.FACTORLENS_MASTER_KEYS[0]?.id ?? "";
  if (!e.FACTORLENS_MASTER_KEYS.some((k) => k.id === activeKeyId)) {
    problems.push("FACTORLENS_ACTIVE_KEY_ID: must name one of the keys in FACTORLENS_MASTER_KEYS");
  }
  if (new Set(e.FACTORLENS_MASTER_KEYS.map((k) => k.id)).size !== e.FACTORLENS_MASTER_KEYS.length) {
    problems.push("FACTORLENS_MASTER_KEYS: key ids must be unique");
  }
  if (e.FACTORLENS_API_KEYS.length === 0) problems.push("FACTORLENS_API_KEYS: at least one key is required");
  if (e.FACTORLENS_SMS_PROVIDER === "http" && !(e.FACTORLENS_SMS_HTTP_URL ?? d.sms.httpUrl)) {
    problems.push("FACTORLENS_SMS_HTTP_URL: is required when FACTORLENS_SMS_PROVIDER=http");
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    eventStoreSchema: e.EVENT_STORE_SCHEMA,
    eventStoreConnectionString: e.EVENTSTORE_CONNECTION_STRING,
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
      lockoutBackoffMinutes: e.FACTORLENS_LOCKOUT_BACKOFF_MINUTES ?? d.policy.lockoutBackoffMinutes,
      maxFailuresWithoutSuccess: e.FACTORLENS_MAX_FAILURES_WITHOUT_SUCCESS,
      factorGuessBudget: e.FACTORLENS_FACTOR_GUESS_BUDGET,
      factorBudgetDays: e.FACTORLENS_FACTOR_BUDGET_DAYS,
      retryGraceSeconds: e.FACTORLENS_RETRY_GRACE_SECONDS,
      freshVerificationMinutes: e.FACTORLENS_FRESH_VERIFICATION_MINUTES,
    },
    sms: {
      provider: e.FACTORLENS_SMS_PROVIDER,
      httpUrl: e.FACTORLENS_SMS_HTTP_URL ?? d.sms.httpUrl,
      httpAuthHeader: e.FACTORLENS_SMS_HTTP_AUTH ?? d.sms.httpAuthHeader,
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

/** The thresholds when a guard is enabled without settings of its own (reasoning in the README). */
export const SMS_GUARD_DEFAULTS: SmsGuardConfig = {
  burstSends: 30,
  windowMinutes: 15,
  minConversion: 0.2,
  graceSeconds: 180,
  coolDownMinutes: 60,
  allow: [],
};
export const IP_THROTTLE_DEFAULTS: IpThrottleConfig = {
  users: 20,
  windowMinutes: 10,
  coolDownMinutes: 30,
  ipv4PrefixBits: 24,
  ipv6PrefixBits: 64,
};

const flag = (on: boolean) =>
  z
    .enum(["true", "false", "1", "0"], { error: "must be true or false" })
    .default(on ? "true" : "false")
    .transform((v) => v === "true" || v === "1");
const allowList = (dflt: readonly string[]) =>
  z
    .string()
    .default(dflt.join(","))
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

/** A host's defaults (the demo's) turn a guard on and set its thresholds; the environment wins. */
const guardEnvSchema = (d: VerifierDefaults) => {
  const g = d.smsGuard ?? SMS_GUARD_DEFAULTS;
  const t = d.ipThrottle ?? IP_THROTTLE_DEFAULTS;
  return z.object({
    FACTORLENS_SMS_GUARD_ENABLED: flag(d.smsGuard !== null),
    FACTORLENS_SMS_GUARD_BURST_SENDS: int(2, 1_000_000, g.burstSends),
    FACTORLENS_SMS_GUARD_WINDOW_MINUTES: int(1, 1440, g.windowMinutes),
    FACTORLENS_SMS_GUARD_MIN_CONVERSION: z.coerce.number().min(0).max(1).default(g.minConversion),
    FACTORLENS_SMS_GUARD_GRACE_SECONDS: int(0, 3600, g.graceSeconds),
    FACTORLENS_SMS_GUARD_COOLDOWN_MINUTES: int(1, 10_080, g.coolDownMinutes),
    FACTORLENS_SMS_GUARD_ALLOW: allowList(g.allow),
    FACTORLENS_IP_THROTTLE_ENABLED: flag(d.ipThrottle !== null),
    FACTORLENS_IP_THROTTLE_USERS: int(2, 100_000, t.users),
    FACTORLENS_IP_THROTTLE_WINDOW_MINUTES: int(1, 1440, t.windowMinutes),
    FACTORLENS_IP_THROTTLE_COOLDOWN_MINUTES: int(1, 10_080, t.coolDownMinutes),
    FACTORLENS_IP_THROTTLE_IPV4_PREFIX: int(8, 32, t.ipv4PrefixBits),
    FACTORLENS_IP_THROTTLE_IPV6_PREFIX: int(16, 128, t.ipv6PrefixBits),
  });
};

const guardConfig = (g: z.infer<ReturnType<typeof guardEnvSchema>>) => ({
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
