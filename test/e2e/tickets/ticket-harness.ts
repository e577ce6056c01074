/**
 * The whole path of a support ticket in one process on the real test PostgreSQL: the verifier's
 * HTTP API (fastify inject, no port) → PostgreSQL event store → projector → read models → support
 * GraphQL API (yoga fetch, no port). One clock drives the verifier, the projector's reads and the
 * support API, so tests step over TOTP periods and lockouts without waiting.
 */
import { randomBytes } from "node:crypto";
import { createUuidV7Generator, decodeBase32, totpCode, totpStep } from "@factorlens/domain";
import { type EventStore, userStreamId } from "@factorlens/event-store";
import { createProjector, type Projector } from "@factorlens/projector";
import { migrate, nullGeoResolver } from "@factorlens/read-models";
import {
  createDeciderSupportActions,
  createEventStoreTimelineFeed,
  createLiveAttempts,
  createPgReadModels,
  createPseudonymizer,
  createSupportApi,
  type TimelineFeed,
} from "@factorlens/support-api";
import type { TestDatabase } from "@factorlens/testkit";
import type { SmsMessage } from "@factorlens/verifier";
import { createHarness, KEYS } from "@factorlens/verifier/testing";
import { SignJWT } from "jose";
import { afterAll, beforeAll } from "vitest";

const JWT = new TextEncoder().encode("ticket-e2e-secret-ticket-e2e-secret!");
const AUTH = { key: JWT, issuer: "https://idp.e2e", audience: "factorlens-support" };
const TOTP = { algorithm: "SHA1", digits: 6, period: 30 } as const;

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

/** The diagnosis fields most ticket tests read, and their selection. */
export interface Diagnosed {
  pattern: string;
  summary: string;
  suggestedSteps: string[];
}
export const DIAGNOSIS_SELECTION = "diagnosis { pattern summary suggestedSteps }";

/**
 * The world of one test file: created before its tests and closed after them. The returned
 * object forwards to it (so it can be declared at the top of the file, before it exists).
 */
export function useTicketWorld(name: string, env: Record<string, string> = {}): TicketWorld {
  let world: TicketWorld | undefined;
  beforeAll(async () => {
    world = await createTicketWorld(name, env);
  });
  afterAll(async () => {
    await world?.close();
  });
  return new Proxy({} as TicketWorld, {
    get(_target, key) {
      if (!world) throw new Error(`ticket world ${name} used outside its tests`);
      const value = Reflect.get(world, key);
      return typeof value === "function" ? value.bind(world) : value;
    },
  });
}

/** `env`: verifier settings on top of the harness's (e.g. a policy the ticket depends on). */
export async function createTicketWorld(
  name: string,
  env: Record<string, string> = {},
): Promise<TicketWorld> {
  // the verifier's own test harness (server, vault, clock, SMS sink) on a database that the
  // read models share; its clock drives the projector's reads and the support API too
  const h = await createHarness({
    env: { FACTORLENS_RATE_LIMIT_PER_USER: "100000", LOG_LEVEL: "silent", ...env },
    dbName: name,
  });
  const { app, db, store, clock, sms } = h;
  await migrate(db.pool);
  clock.set(Date.UTC(2026, 0, 15, 9, 48, 3));
  const newId = createUuidV7Generator({ now: () => Date.now(), randomBytes: (n) => randomBytes(n) });
  const projector: Projector = createProjector({ pool: db.pool, store, geo: nullGeoResolver });
  const supportClock = { now: () => new Date(clock.now()) };
  const feed: TimelineFeed = createEventStoreTimelineFeed({
    eventStore: store,
    toAttempts: createLiveAttempts(db.pool, nullGeoResolver),
    startPosition: async () => undefined,
  });
  const api = createSupportApi({
    auth: { issuers: [AUTH] },
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

  const call: TicketWorld["call"] = async (key, method, url, body) => {
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${KEYS[key]}` },
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
      code: (offset = 0) => totpCode(secret, TOTP, totpStep(clock.now(), 30) + offset),
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
      await feed.close();
      await h.close();
    },
  };
}
