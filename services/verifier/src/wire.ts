/**
 * The composition: from a validated config to a fastify app on the event store (`createEventStore`:
 * PostgreSQL, or EventStoreDB with EVENTSTORE_CONNECTION_STRING) and the verifier's own schema in
 * PostgreSQL, not listening yet. `start.ts` listens; benchmarks call it to `inject`.
 */
import { randomUUID } from "node:crypto";
import { createUuidV7Generator } from "@factorlens/domain";
import { createEventStore, type EventStore } from "@factorlens/event-store";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import type { Logger } from "pino";
import type { SmsProvider } from "./app/ports";
import { composeVerifier } from "./compose";
import type { VerifierConfig } from "./config";
import { createPostgresIpThrottleStore } from "./db/ip-throttle-store";
import { migrateVerifierSchema } from "./db/migrations";
import { createPostgresRateLimitExchanges } from "./db/rate-limit-exchange";
import { createPostgresSmsGuardStore } from "./db/sms-guard-store";
import { createPostgresVerifierRepo } from "./db/verifier-repo";
import { createMetrics, type Metrics } from "./http/metrics";
import { createLogger } from "./logger";
import { createRandomPool } from "./random-pool";
import { createConsoleSmsProvider } from "./sms/console-provider";
import { createHttpSmsProvider } from "./sms/http-provider";
import { createKeyring } from "./vault/envelope";
import { createPostgresVault } from "./vault/postgres-vault";

export interface WiredVerifier {
  app: FastifyInstance;
  store: EventStore;
  pool: pg.Pool;
  metrics: Metrics;
  /** Closes the app, and the store and the pool unless they were given. */
  close(): Promise<void>;
}

/** How often the upkeep (key rotation, retention purges) runs after the one at start. */
const UPKEEP_INTERVAL_MS = 3_600_000;

export async function wireVerifier(
  config: VerifierConfig,
  opts: {
    logger?: Logger;
    smsProvider?: SmsProvider;
    store?: EventStore;
    /** A pool on the verifier's database (its own tables); default: one of its own. */
    pool?: pg.Pool;
    /** Process metrics on the verifier's registry (default true). */
    defaultMetrics?: boolean;
  } = {},
): Promise<WiredVerifier> {
  const databaseUrl = config.databaseUrl;
  if (!databaseUrl) throw new Error("DATABASE_URL is required to run the verifier");
  const logger = opts.logger ?? createLogger(config.logLevel);
  const pool =
    opts.pool ?? new pg.Pool({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5000 });
  if (!opts.pool) pool.on("error", () => {});
  const store =
    opts.store ??
    (await createEventStore({
      ...config,
      databaseUrl,
      poolSize: config.storePoolSize,
      appendsInFlight: config.storeAppendsInFlight,
    }));
  const closeOwn = async () => {
    if (!opts.store) await store.close();
    if (!opts.pool) await pool.end();
  };
  await migrateVerifierSchema(pool).catch(async (e: unknown) => {
    await closeOwn();
    throw e;
  });
  const clock = { now: () => Date.now() };
  const newId = createUuidV7Generator({ now: clock.now, randomBytes: createRandomPool() });
  const smsProvider =
    opts.smsProvider ??
    (config.sms.provider === "http" && config.sms.httpUrl
      ? createHttpSmsProvider({ url: config.sms.httpUrl, authorization: config.sms.httpAuthHeader })
      : createConsoleSmsProvider({ logger, newId }));
  const repo = createPostgresVerifierRepo(pool);
  const smsGuardStore = createPostgresSmsGuardStore(pool);
  const ipThrottleStore = createPostgresIpThrottleStore(pool);
  const instanceId = randomUUID(); // this process, in the shared rate-limit counts
  const vault = createPostgresVault({
    pool,
    keyring: createKeyring(config.masterKeys, config.activeKeyId),
    cacheSize: config.secretCacheSize,
    retentionDays: config.retiredSecretRetentionDays,
  });
  const metrics = createMetrics({ defaultMetrics: opts.defaultMetrics ?? true });
  const app = await composeVerifier({
    store,
    vault,
    repo,
    clock,
    newId,
    smsProvider,
    logger,
    config,
    metrics,
    smsGuardStore,
    ipThrottleStore,
    rateLimitExchange: createPostgresRateLimitExchanges(pool, {
      windowMs: config.rateLimit.windowMs,
      instanceId,
    }),
  });
  // Background upkeep, at start and then hourly: re-encrypt secrets under the active key, drop
  // retired secrets and expired SMS challenges past their retention.
  const upkeepOnce = async () => {
    try {
      let rotated = 0;
      for (let n = await vault.rotate(500); n > 0; n = await vault.rotate(500)) rotated += n;
      const now = clock.now();
      const purged = await vault.purgeExpired(new Date(now));
      const smsPurged = await repo.purgeSmsChallenges(
        new Date(now - config.sms.challengeRetentionDays * 86_400_000),
      );
      // the guard's counted sends older than its window no longer count
      const guardPurged = config.smsGuard
        ? await smsGuardStore.purge(new Date(now - config.smsGuard.windowMinutes * 60_000))
        : 0;
      const throttlePurged = config.ipThrottle
        ? await ipThrottleStore.purge(new Date(now - config.ipThrottle.windowMinutes * 60_000))
        : 0;
      if (rotated + purged + smsPurged + guardPurged + throttlePurged > 0)
        logger.info({ rotated, purged, smsPurged, guardPurged, throttlePurged }, "verifier upkeep");
    } catch (e) {
      logger.warn({ err: { type: (e as Error)?.name } }, "verifier upkeep failed");
    }
  };
  let upkeep = upkeepOnce();
  const upkeepTimer = setInterval(() => {
    upkeep = upkeep.then(upkeepOnce);
  }, UPKEEP_INTERVAL_MS);
  upkeepTimer.unref();
  return {
    app,
    store,
    pool,
    metrics,
    async close() {
      clearInterval(upkeepTimer);
      await upkeep;
      await app.close();
      await closeOwn();
    },
  };
}
