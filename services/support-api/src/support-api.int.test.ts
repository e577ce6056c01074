import { type FactorlensEvent, toStoredEvent } from "@factorlens/domain";
import { createPostgresEventStore, type EventStore, userStreamId } from "@factorlens/event-store";
import { createProjector, type Projector } from "@factorlens/projector";
import { migrate, nullGeoResolver } from "@factorlens/read-models";
import { generateUser } from "@factorlens/read-models/testing";
import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeciderSupportActions } from "./adapters/decider-actions";
import { createLiveAttempts } from "./adapters/live-attempts";
import { createPgReadModels } from "./adapters/read-models-pg";
import { headPosition } from "./live/head-position";
import { createEventStoreTimelineFeed, type TimelineFeed } from "./live/timeline-feed";
import { gql, makeApi, token } from "./testing/harness";
import { newId } from "./testing/pg-event-store";
import { subscribe, timelineEvent } from "./testing/sse";

/**
 * The whole read path on real PostgreSQL: domain events appended to the PostgreSQL event store →
 * projector → read models → this API; support actions through the decider back into the store.
 */
let db: TestDatabase;
let store: EventStore;
let projector: Projector;
let feed: TimelineFeed;
let api: ReturnType<typeof makeApi>;
const START = Date.parse("2026-11-25T00:00:00Z");
const NOW = new Date("2026-11-26T12:00:00Z");

async function append(userId: string, events: FactorlensEvent[]) {
  const rev = await store.streamRevision(userStreamId(userId));
  await store.appendToStream(userStreamId(userId), events.map(toStoredEvent), {
    expectedRevision: rev ?? "no_stream",
  });
}

/**
 * Projects everything committed since the projector's checkpoint, up to the last event of `userId`
 * when given: readAll holds events back while an older transaction anywhere on the server is still
 * open (other test files share the server), so it retries until that event is through.
 */
async function project(userId?: string) {
  const target =
    userId === undefined ? undefined : (await store.readStream(userStreamId(userId))).at(-1)?.position;
  for (let round = 0; ; round++) {
    const from = await projector.checkpoint();
    if (target !== undefined && from !== null && from >= target) return;
    const events = await store.readAll(from === null ? {} : { fromPosition: from });
    if (events.length > 0) await projector.handle(events);
    if (target === undefined) return;
    if (round > 200) throw new Error(`event at ${target} not projected`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  db = await createTestDatabase("support_api");
  store = await createPostgresEventStore({ pool: db.pool });
  await migrate(db.pool);
  projector = createProjector({ pool: db.pool, store, geo: nullGeoResolver });
  for (let i = 0; i < 20; i++) {
    const u = generateUser(i, START);
    await append(u.userId, u.events);
  }
  await project("u19"); // the last user appended: everything before it is through too
  feed = createEventStoreTimelineFeed({
    eventStore: store,
    toAttempts: createLiveAttempts(db.pool, nullGeoResolver),
    startPosition: async () => headPosition(store, await projector.checkpoint()),
  });
  api = makeApi({
    readModels: createPgReadModels(db.pool, { clock: { now: () => NOW } }),
    actions: createDeciderSupportActions({ eventStore: store, clock: { now: () => NOW }, newId }),
    feed,
    clock: { now: () => NOW },
  });
});

afterAll(async () => {
  await feed?.close();
  await store?.close();
  await db?.drop();
});

/** What a stored event says: its type and its payload. */
const said = (e: Awaited<ReturnType<EventStore["readStream"]>>[number] | undefined) =>
  e && { type: e.type, data: e.data.data };

const USER = `query ($id: ID!, $t: String!) { user(id: $id, ticket: $t) { __typename ... on SupportError { code }
  ... on User { id factors { id method status } lockout { locked }
    timeline(first: 5) { edges { node { id outcome at diagnosis { pattern confidence } } } pageInfo { hasNextPage endCursor } }
    smsDeliveries { phoneMasked state } } } }`;

describe("support API on real PostgreSQL", () => {
  it("serves a projected user and appends the lookup to the user's stream", async () => {
    const before = await store.streamRevision(userStreamId("u3"));
    const res = await gql(api, await token(["support_agent"], "agent-int"), USER, { id: "u3", t: "ZD-3003" });
    expect(res.body.errors).toBeUndefined();
    const user = res.body.data?.user as {
      factors: { method: string }[];
      timeline: { edges: { node: { at: string } }[] };
      smsDeliveries: { phoneMasked: string | null }[];
    };
    expect(user.factors.map((f) => f.method)).toContain("totp");
    const times = user.timeline.edges.map((e) => Date.parse(e.node.at));
    expect(times.length).toBeGreaterThan(0);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    for (const s of user.smsDeliveries) expect(s.phoneMasked ?? "").not.toMatch(/\d{5}/);
    const [lookup] = await store.readStream(userStreamId("u3"), { fromRevision: (before ?? -1) + 1 });
    expect(said(lookup)).toEqual({
      type: "SupportLookupPerformed",
      data: {
        agentId: "agent-int",
        targetUserId: "u3",
        fieldsRead: ["factors", "id", "lockout", "smsDeliveries", "timeline"],
        ticketRef: "ZD-3003",
      },
    });
    await project("u3");
    const audit = await gql(
      api,
      await token(["admin"]),
      `{ auditLog(userId: "u3", actor: "agent-int") { actor ticket kind fields } }`,
    );
    expect(audit.body.data?.auditLog).toContainEqual({
      actor: "agent-int",
      ticket: "ZD-3003",
      kind: "lookup",
      fields: ["factors", "id", "lockout", "smsDeliveries", "timeline"],
    });
  });

  it("audits a miss: a user that does not exist leaves a SupportLookupFailed, visible in the audit log", async () => {
    const res = await gql(api, await token(["support_agent"], "agent-probe"), USER, {
      id: "ghost-1",
      t: "ZD-77",
    });
    expect(res.body.data?.user).toMatchObject({ __typename: "SupportError", code: "NOT_FOUND" });
    const [miss] = await store.readStream(userStreamId("ghost-1"));
    expect(said(miss)).toMatchObject({
      type: "SupportLookupFailed",
      data: { agentId: "agent-probe", ticketRef: "ZD-77", reason: "no_such_user" },
    });
    await project("ghost-1");
    const audit = await gql(
      api,
      await token(["admin"]),
      `{ auditLog(actor: "agent-probe") { userId kind failure } }`,
    );
    expect(audit.body.data?.auditLog).toEqual([
      { userId: "ghost-1", kind: "lookup", failure: "no_such_user" },
    ]);
    // the probed id is still no user
    const again = await gql(api, await token(["support_agent"], "agent-probe"), USER, {
      id: "ghost-1",
      t: "ZD-77",
    });
    expect(again.body.data?.user).toMatchObject({ code: "NOT_FOUND" });
    const unlock = await gql(
      api,
      await token(["support_agent"], "agent-probe"),
      `mutation { unlockUser(input: { userId: "ghost-1", ticket: "ZD-77", reason: "asked" }) { __typename ... on SupportError { code } } }`,
    );
    expect(unlock.body.data?.unlockUser).toEqual({ __typename: "SupportError", code: "NOT_FOUND" });
  });

  it("unlocks through the decider and shows up in the support history after projection", async () => {
    const bearer = await token(["support_agent"], "agent-int");
    const m = `mutation { unlockUser(input: { userId: "u5", ticket: "ZD-55", reason: "identity verified" }) {
      __typename ... on SupportActionReceipt { eventIds streamRevision } ... on SupportError { code message } } }`;
    const res = await gql(api, bearer, m);
    expect(res.body.data?.unlockUser).toMatchObject({ __typename: "SupportActionReceipt" });
    const missing = await gql(api, bearer, m.replace('"u5"', '"nobody"'));
    expect(missing.body.data?.unlockUser).toMatchObject({ __typename: "SupportError", code: "NOT_FOUND" });
    const drift = await gql(
      api,
      bearer,
      `mutation { resetDrift(input: { userId: "u5", ticket: "ZD-55", factorId: "no-such-factor", reason: "x" }) { __typename ... on SupportError { code } } }`,
    );
    expect(drift.body.data?.resetDrift).toEqual({ __typename: "SupportError", code: "NOT_FOUND" });
  });

  it("adds a ticket note: a SupportActionTaken event that lands in the support history", async () => {
    const bearer = await token(["support_agent"], "agent-note");
    const res = await gql(
      api,
      bearer,
      `mutation { addTicketNote(input: { userId: "u6", ticket: "ZD-66", note: "asked user to check phone clock" }) {
        __typename ... on SupportActionReceipt { eventIds } ... on SupportError { code message } } }`,
    );
    const receipt = res.body.data?.addTicketNote as { __typename: string; eventIds: string[] };
    expect(receipt.__typename).toBe("SupportActionReceipt");
    const stream = await store.readStream(userStreamId("u6"));
    const taken = stream.find((e) => e.id === receipt.eventIds[0]);
    expect(said(taken)).toEqual({
      type: "SupportActionTaken",
      data: {
        agentId: "agent-note",
        ticketRef: "ZD-66",
        action: "note",
        note: "asked user to check phone clock",
      },
    });
    await project("u6");
    const history = await gql(
      api,
      bearer,
      `{ user(id: "u6", ticket: "ZD-66") { ... on User { supportHistory { actor ticket kind action note } } } }`,
    );
    const user = history.body.data?.user as { supportHistory: unknown[] } | undefined;
    expect(user?.supportHistory).toContainEqual({
      actor: "agent-note",
      ticket: "ZD-66",
      kind: "action",
      action: "note",
      note: "asked user to check phone clock",
    });
  });

  it("diagnoses a user from the projected attempts (patterns computed on read)", async () => {
    const bearer = await token(["support_agent"], "agent-int");
    const q = `query ($id: ID!) { user(id: $id, ticket: "ZD-9") { ... on User {
      diagnosis(window: LAST_7_DAYS) { pattern factorId confidence attempts summary suggestedSteps asOf evidence { id outcome diagnosis { pattern } } }
      mismatchPatterns(window: LAST_7_DAYS) { factorId dominantPattern attempts summary }
      none: diagnosis(window: LAST_DAY) { pattern } } } }`;
    type Diagnosed = {
      diagnosis: {
        pattern: string;
        factorId: string;
        attempts: number;
        summary: string;
        asOf: string;
        evidence: { outcome: string; diagnosis: { pattern: string } }[];
      } | null;
      mismatchPatterns: { factorId: string; dominantPattern: string | null; attempts: number }[];
      none: unknown;
    };
    const users: Diagnosed[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await gql(api, bearer, q, { id: `u${i}` });
      expect(res.body.errors).toBeUndefined();
      users.push(res.body.data?.user as Diagnosed);
    }
    // generated attempts happened on 2026-11-25, more than a day before NOW: none in the last day
    expect(users.every((u) => u.none === null)).toBe(true);
    const diagnosed = users.filter((u) => u.diagnosis !== null);
    expect(diagnosed.length).toBeGreaterThan(0);
    for (const { diagnosis: d, mismatchPatterns } of diagnosed) {
      if (d === null) continue;
      expect(d.summary.length).toBeGreaterThan(10);
      expect(d.asOf).toBe(NOW.toISOString());
      const stat = mismatchPatterns.find((p) => p.factorId === d.factorId);
      expect(stat).toMatchObject({ dominantPattern: d.pattern });
      // Diagnosis.attempts counts the failures only; the pattern summary counts every attempt
      expect(d.attempts).toBeGreaterThan(0);
      expect(d.attempts).toBeLessThanOrEqual(stat?.attempts ?? 0);
      expect(d.evidence.length).toBeGreaterThan(0);
      for (const e of d.evidence)
        expect(e).toMatchObject({ outcome: "failed", diagnosis: { pattern: d.pattern } });
    }
  });

  it("answers the fraud queries from the attempts", async () => {
    const q = `{ fraud {
      failuresGrouped(by: reason, from: "2026-11-20T00:00:00Z", to: "2026-11-27T00:00:00Z") { edges { node { key failures } } }
      ipsFailingForManyUsers(from: "2026-11-20T00:00:00Z", to: "2026-11-27T00:00:00Z", minUsers: 1) { edges { node { ip distinctUsers } } }
    } }`;
    const res = await gql(api, await token(["fraud_analyst"]), q);
    expect(res.body.errors).toBeUndefined();
    const fraud = res.body.data?.fraud as {
      failuresGrouped: { edges: { node: { key: string; failures: number } }[] };
    };
    const groups = fraud.failuresGrouped.edges.map((e) => e.node);
    expect(groups.find((g) => g.key === "code_mismatch")?.failures).toBeGreaterThan(0);
  });

  it("answers INVALID_INPUT naming the argument for every out-of-range fraud argument", async () => {
    const range = `from: "2026-11-20T00:00:00Z", to: "2026-11-27T00:00:00Z"`;
    const cases: [string, string][] = [
      ["first", `failuresGrouped(by: ip, ${range}, first: 0) { edges { cursor } }`],
      ["reason", `failuresGrouped(by: ip, ${range}, reason: "typo") { edges { cursor } }`],
      ["pattern", `failuresGrouped(by: ip, ${range}, pattern: "typo") { edges { cursor } }`],
      ["after", `ipsFailingForManyUsers(${range}, after: "bm9wZQ") { edges { cursor } }`],
      ["minUsers", `ipsFailingForManyUsers(${range}, minUsers: 0) { edges { cursor } }`],
      ["maxConversion", `smsPumpingCandidates(${range}, maxConversion: 1.5) { edges { cursor } }`],
    ];
    for (const [field, selection] of cases) {
      const res = await gql(api, await token(["fraud_analyst"]), `{ fraud { ${selection} } }`);
      expect(res.body.errors?.[0]?.extensions?.code, field).toBe("INVALID_INPUT");
      expect(res.body.errors?.[0]?.message, field).toMatch(new RegExp(`^${field}:`));
    }
  });

  it("streams a new failed attempt and its diagnosis over SSE as it is appended", async () => {
    const { events } = await subscribe(
      api,
      await token(["support_agent"], "agent-int"),
      `subscription { userTimeline(userId: "u7", ticket: "ZD-77") { id outcome diagnosis { pattern confidence } } }`,
    );
    await feed.whenListening("u7");
    const at = new Date().toISOString();
    const common = {
      version: 1,
      userId: "u7",
      occurredAt: at,
      correlationId: newId(),
      actor: { kind: "user" },
    };
    await append("u7", [
      {
        ...common,
        eventId: newId(),
        type: "ChallengeFailed",
        version: 2,
        factorId: "f7-totp",
        data: { method: "totp", attemptId: "live-7", reason: "code_mismatch", consecutiveFailures: 1 },
      },
      {
        ...common,
        eventId: newId(),
        type: "MismatchDiagnosed",
        factorId: "f7-totp",
        data: {
          attemptId: "live-7",
          diagnosis: {
            pattern: "timezone_offset",
            confidence: "high",
            evidence: { skewSeconds: 3600 },
            coincidenceProbability: 0.001,
            candidatesTried: 40,
          },
        },
      },
    ] as FactorlensEvent[]);
    expect(await events.next()).toEqual(timelineEvent("live-7", "timezone_offset", "high"));
    await events.cancel();
  });
});
