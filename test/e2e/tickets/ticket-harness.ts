/**
 * The whole path of a support ticket in one process on the real test PostgreSQL: the verifier's
 * HTTP API (fastify inject, no port) → PostgreSQL event store → projector → read models → support
 * GraphQL API (yoga fetch, no port). One clock drives the verifier, the projector's reads and the
 * support API, so tests step over TOTP periods and lockouts without waiting.
 */
import { randomBytes } from "node:crypto";
import { createUuidV7Generator, decodeBase32, totpCode, totpStep } from "@factorlens/domain";
import { createPostgresEventStore, type EventStore, userStreamId } from "@factorlens/event-store";
import { createProjector, type Projector } from "@factorlens/projector";
import { migrate, nullGeoResolver } from "@factorlens/read-models";
import {
  attemptsFromEvents,
  createDeciderSupportActions,
  createEventStoreTimelineFeed,
  createPgReadModels,
  createPseudonymizer,
  createSupportApi,
  type TimelineFeed,
} from "@factorlens/support-api";
import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import {
  createConsoleSmsProvider,
  createKeyring,
  createLogger,
  createPostgresVault,
  createPostgresVerifierRepo,
  createServer,
  loadConfig,
  migrateVerifierSchema,
  type SmsMessage,
} from "@factorlens/verifier";
import { SignJWT } from "jose";

const KEYS = { verify: "ticket-verify-key-0123456789", enroll: "ticket-enroll-key-0123456789" };
const ADMIN = "ticket-admin-key-0123456789ab";
const JWT = new TextEncoder().encode("ticket-e2e-secret-ticket-e2e-secret!");
const AUTH = { key: JWT, issuer: "https://idp.e2e", audience: "factorlens-support" };
const TOTP = { algorithm: "SHA1", digits: 6, period: 30 } as const;

type App = Awaited<ReturnType<typeof createServer>>;
export interface Reply {
  status: number;
  json: Record<string, unknown>;
}

export interface TicketWorld {
  db: TestDatabase;
  store: EventStore;
  clock: { now(): number; advance(ms: number): void; set(ms: number): void };
  sms: SmsMessage[];
  /** POST/DELETE on the verifier with the login (verify) or account (enroll) key, or as admin. */
  call(
    key: "verify" | "enroll" | "admin",
    method: "POST" | "DELETE",
    url: string,
    body?: object,
  ): Promise<Reply>;
  verify(userId: string, code: string, extra?: object): Promise<Reply>;
  /** Starts a TOTP enrollment; `code(offset)` is the code of the current step + offset. */
  startTotp(userId: string): Promise<{ factorId: string; secret: Uint8Array; code(offset?: number): string }>;
  /** Enrolls and confirms a TOTP factor, then moves to a fresh step. */
  activeTotp(
    userId: string,
  ): Promise<{ factorId: string; secret: Uint8Array; code(offset?: number): string }>;
  /** Waits for queued diagnoses, then projects everything up to the user's last event. */
  settle(userId: string): Promise<void>;
  /** The support API's `user(id, ticket)` with the given selection, as a support agent. */
  user<T = Record<string, unknown>>(userId: string, selection: string): Promise<T>;
  close(): Promise<void>;
}

export async function createTicketWorld(name: string): Promise<TicketWorld> {
  const db = await createTestDatabase(name);
  db.pool.on("error", () => {});
  await migrateVerifierSchema(db.pool);
  await migrate(db.pool);
  const store = await createPostgresEventStore({ pool: db.pool });
  let t = Date.UTC(2026, 0, 15, 9, 48, 3);
  const clock = {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
    set: (ms: number) => {
      t = ms;
    },
  };
  const config = loadConfig({
    FACTORLENS_MASTER_KEYS: `k1:${randomBytes(32).toString("base64")}`,
    FACTORLENS_API_KEYS: `login:verify:${KEYS.verify},account:enroll:${KEYS.enroll},ops:admin+enroll+verify:${ADMIN}`,
    FACTORLENS_RATE_LIMIT_PER_USER: "100000",
    FACTORLENS_RATE_LIMIT_PER_IP: "100000",
    LOG_LEVEL: "silent",
  });
  const newId = createUuidV7Generator({ now: () => Date.now(), randomBytes: (n) => randomBytes(n) });
  const logger = createLogger("silent");
  const sms: SmsMessage[] = [];
  const app: App = await createServer({
    store,
    vault: createPostgresVault({
      pool: db.pool,
      keyring: createKeyring(config.masterKeys, config.activeKeyId),
      cacheSize: config.secretCacheSize,
      retentionDays: config.retiredSecretRetentionDays,
    }),
    repo: createPostgresVerifierRepo(db.pool),
    clock,
    newId,
    smsProvider: createConsoleSmsProvider({ logger, newId, sink: (m) => sms.push(m) }),
    logger,
    config,
  });
  const projector: Projector = createProjector({ pool: db.pool, store, geo: nullGeoResolver });
  const supportClock = { now: () => new Date(t) };
  const feed: TimelineFeed = createEventStoreTimelineFeed({
    eventStore: store,
    toAttempts: attemptsFromEvents,
    startPosition: async () => undefined,
  });
  const api = createSupportApi({
    auth: AUTH,
    mode: "production",
    deps: {
      readModels: createPgReadModels(db.pool, { clock: supportClock }),
      actions: createDeciderSupportActions({ eventStore: store, clock: supportClock, newId }),
      pseudonymize: createPseudonymizer(new Uint8Array(32).fill(3)),
      clock: supportClock,
      feed,
    },
  });
  const bearer = await new SignJWT({ roles: ["support_agent"] })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("agent-e2e")
    .setIssuer(AUTH.issuer)
    .setAudience(AUTH.audience)
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(JWT);

  const keyOf = { verify: KEYS.verify, enroll: KEYS.enroll, admin: ADMIN };
  const call: TicketWorld["call"] = async (key, method, url, body) => {
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${keyOf[key]}` },
      ...(body ? { payload: body } : {}),
    });
    return { status: res.statusCode, json: res.body ? (res.json() as Record<string, unknown>) : {} };
  };
  const startTotp: TicketWorld["startTotp"] = async (userId) => {
    const r = await call("enroll", "POST", `/v1/users/${userId}/factors`, { method: "totp" });
    if (r.status !== 201) throw new Error(`enroll ${userId}: ${r.status} ${JSON.stringify(r.json)}`);
    const secret = decodeBase32(String(r.json.secret));
    return {
      factorId: String(r.json.factorId),
      secret,
      code: (offset = 0) => totpCode(secret, TOTP, totpStep(t, 30) + offset),
    };
  };

  /** Projects up to `userId`'s last event (readAll holds events back behind open transactions). */
  const project = async (userId: string) => {
    const target = (await store.readStream(userStreamId(userId))).at(-1)?.position;
    for (let round = 0; round < 300; round++) {
      const from = await projector.checkpoint();
      if (target === undefined || (from !== null && from >= target)) return;
      const events = await store.readAll(from === null ? {} : { fromPosition: from });
      if (events.length > 0) await projector.handle(events);
      else await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`events of ${userId} not projected`);
  };

  return {
    db,
    store,
    clock,
    sms,
    call,
    verify: (userId, code, extra = {}) => call("verify", "POST", "/v1/verify", { userId, code, ...extra }),
    startTotp,
    async activeTotp(userId) {
      const f = await startTotp(userId);
      const r = await call("enroll", "POST", `/v1/users/${userId}/factors/${f.factorId}/confirm`, {
        code: f.code(),
      });
      if (r.json.confirmed !== true) throw new Error(`confirm ${userId}: ${JSON.stringify(r.json)}`);
      clock.advance(30_000);
      return f;
    },
    async settle(userId) {
      await app.drainBackground();
      await project(userId);
    },
    async user<T>(userId: string, selection: string) {
      const res = await api.fetch("http://support.test/graphql", {
        method: "POST",
        headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
        body: JSON.stringify({
          query: `query ($id: ID!) { user(id: $id, ticket: "E2E-14") { __typename
            ... on SupportError { code message } ... on User { ${selection} } } }`,
          variables: { id: userId },
        }),
      });
      const json = (await res.json()) as { data?: { user: T }; errors?: unknown[] };
      if (json.errors?.length) throw new Error(`GraphQL: ${JSON.stringify(json.errors)}`);
      return json.data?.user as T;
    },
    async close() {
      await app.close();
      await feed.close();
      await store.close();
      await db.drop();
    },
  };
}
