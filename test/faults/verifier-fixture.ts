/**
 * The verifier composed from its public pieces (as `wireVerifier` does) on a given PostgreSQL, with
 * a controllable clock so tests move between TOTP steps without waiting. No port is opened: tests
 * call `app.inject`. The pools swallow idle-client errors (a database that goes away must not crash
 * the process); calls surface them.
 */
import { randomBytes } from "node:crypto";
import { createUuidV7Generator, decodeBase32, totpCode, totpStep } from "@factorlens/domain";
import { createPostgresEventStore, type EventStore } from "@factorlens/event-store";
import {
  composeVerifier,
  createConsoleSmsProvider,
  createKeyring,
  createLogger,
  createMetrics,
  createPostgresVault,
  createPostgresVerifierRepo,
  loadConfig,
  migrateVerifierSchema,
} from "@factorlens/verifier";
import pg from "pg";

type App = Awaited<ReturnType<typeof composeVerifier>>;
type Response = Awaited<ReturnType<App["inject"]>>;

const VERIFY_KEY = "faults-verify-key-0123456789";
const ENROLL_KEY = "faults-enroll-key-0123456789";
/** Every verification comes from this address (the per-IP failure rollup counts it). */
export const FIXTURE_IP = "198.51.100.7";
const TOTP = { algorithm: "SHA1", digits: 6, period: 30 } as const;

export interface VerifierFixture {
  app: App;
  store: EventStore;
  clock: { now(): number; advance(ms: number): void };
  verify(userId: string, code: string): Promise<Response>;
  /** Enrolls and confirms a TOTP factor; `code(offset)` gives the code of the current step + offset. */
  activeTotp(userId: string): Promise<{ code(offsetSteps?: number): string }>;
  close(): Promise<void>;
}

export async function startVerifier(databaseUrl: string): Promise<VerifierFixture> {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    FACTORLENS_MASTER_KEYS: `k1:${randomBytes(32).toString("base64")}`,
    FACTORLENS_API_KEYS: `login:verify:${VERIFY_KEY},account:enroll:${ENROLL_KEY}`,
    FACTORLENS_RATE_LIMIT_PER_USER: "10000000",
    FACTORLENS_RATE_LIMIT_PER_IP: "10000000",
    LOG_LEVEL: "silent",
  });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, connectionTimeoutMillis: 2000 });
  pool.on("error", () => {});
  await migrateVerifierSchema(pool);
  const store = await createPostgresEventStore({ connectionString: databaseUrl, poolSize: 4 });
  let t = Date.UTC(2026, 0, 15, 12, 0, 0);
  const clock = {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
  const logger = createLogger("silent");
  const newId = createUuidV7Generator({ now: () => Date.now(), randomBytes: (n) => randomBytes(n) });
  const app = await composeVerifier({
    store,
    vault: createPostgresVault({
      pool,
      keyring: createKeyring(config.masterKeys, config.activeKeyId),
      cacheSize: config.secretCacheSize,
      retentionDays: config.retiredSecretRetentionDays,
    }),
    repo: createPostgresVerifierRepo(pool),
    clock,
    newId,
    smsProvider: createConsoleSmsProvider({ logger, newId }),
    logger,
    config,
    metrics: createMetrics(),
  });
  const post = (url: string, key: string, payload: object) =>
    app.inject({ method: "POST", url, headers: { authorization: `Bearer ${key}` }, payload });

  return {
    app,
    store,
    clock,
    verify: (userId, code) =>
      post("/v1/verify", VERIFY_KEY, { userId, code, context: { ip: FIXTURE_IP, userAgent: "faults" } }),
    async activeTotp(userId) {
      const enrolled = await post(`/v1/users/${userId}/factors`, ENROLL_KEY, { method: "totp" });
      if (enrolled.statusCode !== 201) throw new Error(`enroll: ${enrolled.statusCode} ${enrolled.body}`);
      const { factorId, secret } = enrolled.json() as { factorId: string; secret: string };
      const key = decodeBase32(secret);
      const code = (offsetSteps = 0) => totpCode(key, TOTP, totpStep(t, 30) + offsetSteps);
      const confirmed = await post(`/v1/users/${userId}/factors/${factorId}/confirm`, ENROLL_KEY, {
        code: code(),
      });
      if (confirmed.json().confirmed !== true) throw new Error(`confirm: ${confirmed.body}`);
      clock.advance(30_000); // the confirming code is spent: move to a fresh step
      return { code };
    },
    async close() {
      await app.close();
      await store.close();
      await pool.end();
    },
  };
}
