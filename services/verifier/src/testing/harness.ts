/**
 * Test harness: a fresh PostgreSQL database (testkit), the real PostgreSQL event store, the
 * verifier's schema, a controllable clock, every log line captured, and the SMS console provider
 * with a sink so tests read the code the "phone" received.
 */
import { randomBytes } from "node:crypto";
import { createUuidV7Generator, decodeBase32, totpCode, totpStep } from "@factorlens/domain";
import { createPostgresEventStore, type EventStore } from "@factorlens/event-store";
import { lineSink } from "@factorlens/service-kit";
import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import type { FastifyInstance } from "fastify";
import type { SmsMessage } from "../app/ports";
import { composeVerifier, type VerifierPorts } from "../compose";
import { loadConfig, type VerifierConfig } from "../config";
import { createPostgresIpThrottleStore } from "../db/ip-throttle-store";
import { migrateVerifierSchema } from "../db/migrations";
import { createPostgresRateLimitExchanges } from "../db/rate-limit-exchange";
import { createPostgresSmsGuardStore } from "../db/sms-guard-store";
import { createPostgresVerifierRepo } from "../db/verifier-repo";
import { createMetrics, type Metrics } from "../http/metrics";
import { createLogger } from "../logger";
import { createConsoleSmsProvider } from "../sms/console-provider";
import { createKeyring } from "../vault/envelope";
import { createPostgresVault } from "../vault/postgres-vault";

export const KEYS = {
  verify: "login-verify-key-0123456789",
  enroll: "account-enroll-key-0123456789",
  admin: "admin-key-0123456789abcdef",
};
export const auth = (k: keyof typeof KEYS) => ({ authorization: `Bearer ${KEYS[k]}` });

/** `POST url` to the harness's app with the API key of `key` (default the login system's `verify`). */
export const post = (
  h: Pick<Harness, "app">,
  url: string,
  payload: unknown,
  key: keyof typeof KEYS = "verify",
) => h.app.inject({ method: "POST", url, headers: auth(key), payload: payload as object });

/** `DELETE url` to the harness's app with the API key of `key`. */
export const del = (h: Pick<Harness, "app">, url: string, key: keyof typeof KEYS) =>
  h.app.inject({ method: "DELETE", url, headers: auth(key) });

export function testConfig(env: Record<string, string> = {}): VerifierConfig {
  return loadConfig({
    FACTORLENS_MASTER_KEYS: `k1:${randomBytes(32).toString("base64")}`,
    FACTORLENS_API_KEYS: `login:verify:${KEYS.verify},account:enroll:${KEYS.enroll},ops:admin+enroll+verify:${KEYS.admin}`,
    FACTORLENS_RATE_LIMIT_PER_USER: "1000",
    FACTORLENS_RATE_LIMIT_PER_IP: "100000",
    LOG_LEVEL: "debug",
    ...env,
  });
}

/** A clock the test moves (it starts at 2026-01-15 12:00 UTC). */
export type TestClock = { now(): number; set(ms: number): void; advance(ms: number): void };

/** The ports a harness brings; the clock, logger, SMS provider, config and metrics are the harness's own. */
export type HarnessPorts = Omit<VerifierPorts, "clock" | "logger" | "smsProvider" | "config" | "metrics">;

/**
 * What both harnesses (PostgreSQL here, in-memory in ./in-memory) give a test: the app, the
 * controllable clock, every log line captured, the SMS messages the "phone" received, metrics.
 */
export interface TestVerifier {
  app: FastifyInstance;
  store: EventStore;
  config: VerifierConfig;
  metrics: Metrics;
  clock: TestClock;
  logs: string[];
  sms: SmsMessage[];
}

/**
 * The verifier composed on the `ports` a harness builds (given the test clock), with logs captured
 * at `logLevel` and the console SMS provider writing into `sms`.
 */
export async function composeTestVerifier(
  config: VerifierConfig,
  logLevel: string,
  ports: (clock: TestClock) => HarnessPorts,
): Promise<TestVerifier> {
  let t = Date.UTC(2026, 0, 15, 12, 0, 0);
  const clock = {
    now: () => t,
    set(ms: number) {
      t = ms;
    },
    advance(ms: number) {
      t += ms;
    },
  };
  const { sink, lines: logs } = lineSink();
  const logger = createLogger(logLevel, sink);
  const sms: SmsMessage[] = [];
  const metrics = createMetrics();
  const own = ports(clock);
  const app = await composeVerifier({
    ...own,
    clock,
    smsProvider: createConsoleSmsProvider({ logger, newId: own.newId, sink: (m) => sms.push(m) }),
    logger,
    config,
    metrics,
  });
  return { app, store: own.store, config, metrics, clock, logs, sms };
}

export interface Harness extends TestVerifier {
  db: TestDatabase;
  close(): Promise<void>;
}

export async function createHarness(
  opts: {
    env?: Record<string, string>;
    store?: EventStore;
    db?: TestDatabase;
    config?: VerifierConfig;
    /** Name of the fresh test database (when `db` is not given). */
    dbName?: string;
    /** Share rate-limit counts through the database as this instance. */
    rateLimitInstance?: string;
  } = {},
): Promise<Harness> {
  const db = opts.db ?? (await createTestDatabase(opts.dbName ?? "verifier"));
  // The database is force-dropped at the end: connections it terminates are expected to error.
  db.pool.on("error", () => {});
  await migrateVerifierSchema(db.pool);
  const store = opts.store ?? (await createPostgresEventStore({ pool: db.pool }));
  const config = opts.config ?? testConfig(opts.env);
  const verifier = await composeTestVerifier(config, "debug", () => ({
    store,
    vault: createPostgresVault({
      pool: db.pool,
      keyring: createKeyring(config.masterKeys, config.activeKeyId),
      cacheSize: config.secretCacheSize,
      retentionDays: config.retiredSecretRetentionDays,
    }),
    repo: createPostgresVerifierRepo(db.pool),
    newId: createUuidV7Generator({ now: () => Date.now(), randomBytes: (n) => randomBytes(n) }),
    smsGuardStore: createPostgresSmsGuardStore(db.pool),
    ipThrottleStore: createPostgresIpThrottleStore(db.pool),
    rateLimitExchange: opts.rateLimitInstance
      ? createPostgresRateLimitExchanges(db.pool, {
          windowMs: config.rateLimit.windowMs,
          instanceId: opts.rateLimitInstance,
        })
      : undefined,
  }));
  return {
    ...verifier,
    db,
    async close() {
      await verifier.app.close();
      if (!opts.store) await store.close();
      if (!opts.db) await db.drop();
    },
  };
}

/**
 * Enrolls and confirms a default TOTP factor over HTTP, then moves the clock to a fresh step, so
 * `code()` is a code the verifier has not seen.
 */
export async function activeTotp(h: Harness, userId: string): Promise<{ factorId: string; code(): string }> {
  const enrolled = await h.app.inject({
    method: "POST",
    url: `/v1/users/${userId}/factors`,
    headers: auth("enroll"),
    payload: { method: "totp" },
  });
  const { factorId, secret } = enrolled.json() as { factorId: string; secret: string };
  const key = decodeBase32(secret);
  const code = () => totpCode(key, { algorithm: "SHA1", digits: 6, period: 30 }, totpStep(h.clock.now(), 30));
  const confirmed = await h.app.inject({
    method: "POST",
    url: `/v1/users/${userId}/factors/${factorId}/confirm`,
    headers: auth("enroll"),
    payload: { code: code() },
  });
  if (confirmed.statusCode !== 200)
    throw new Error(`confirm ${userId}: ${confirmed.statusCode} ${confirmed.body}`);
  h.clock.advance(30_000);
  return { factorId, code };
}

/** The code in the last SMS the console provider delivered. */
export const lastSmsCode = (h: Harness): string => {
  const body = h.sms.at(-1)?.body ?? "";
  const m = /\b(\d{6})\b/.exec(body);
  if (!m?.[1]) throw new Error("no SMS code received");
  return m[1];
};
