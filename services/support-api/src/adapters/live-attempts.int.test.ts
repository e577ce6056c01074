import { type FactorlensEvent, toStoredEvent } from "@factorlens/domain";
import type { RecordedEvent } from "@factorlens/event-store";
import {
  createIpLocationDbResolver,
  getAttempt,
  migrate,
  projectBatch,
  withSchema,
} from "@factorlens/read-models";
import { scriptEvents } from "@factorlens/read-models/testing";
import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLiveAttempts } from "./live-attempts";

const T0 = Date.UTC(2026, 10, 26, 9, 0, 0);
const TOR = { ip: "185.220.101.7", userAgent: "UA", deviceId: "dev-2" };
const script = scriptEvents({ userId: "u-live", t0: T0, stepMs: 1000, seed: 3 });
const ev = (type: string, fields: Record<string, unknown>, data: Record<string, unknown>) =>
  script(type, { factorId: "f-sms", ...fields }, data);
/** Instants in one notation (PostgreSQL writes +00:00, JavaScript Z): the GraphQL scalar does the same. */
const utc = (v: unknown) =>
  JSON.parse(JSON.stringify(v), (_k, x) =>
    typeof x === "string" && /^\d{4}-\d\d-\d\dT/.test(x) ? new Date(x).toISOString() : x,
  );
const recorded = (events: FactorlensEvent[], from: number): RecordedEvent[] =>
  events.map((e, i) => ({ ...toStoredEvent(e), position: BigInt(from + i) }) as unknown as RecordedEvent);

/** Sent and projected before the subscriber opened; the rest arrives live. */
const stored = [
  ev(
    "ChallengeIssued",
    { context: TOR },
    { method: "sms", attemptId: "s1", challengeId: "ch1", maskedPhone: "+44 •••• ••12 34" },
  ),
  ev(
    "SmsDispatched",
    {},
    { challengeId: "ch1", provider: "sink", messageId: "m1", maskedPhone: "+44 •••• ••12 34", country: "GB" },
  ),
];
const live = [
  ev("SmsDelivered", {}, { challengeId: "ch1", provider: "sink", messageId: "m1" }),
  ev(
    "ChallengeFailed",
    {},
    { method: "sms", attemptId: "s1", reason: "code_mismatch", consecutiveFailures: 1 },
  ),
  ev(
    "ChallengeFailed",
    { factorId: "f-totp", context: TOR },
    { method: "totp", attemptId: "t1", reason: "code_mismatch", consecutiveFailures: 2 },
  ),
];

describe("live attempts", () => {
  let tdb: TestDatabase;
  const geo = createIpLocationDbResolver();
  beforeAll(async () => {
    tdb = await createTestDatabase("live_attempts");
    await migrate(tdb.pool, { schema: "rm_live" });
    await projectBatch(tdb.pool, recorded(stored, 1), { schema: "rm_live", geo });
  });
  afterAll(() => tdb.drop());

  it("carry the geo and SMS state a stored attempt has, folded from the stored row", async () => {
    const db = withSchema(tdb.pool, "rm_live");
    const attempts = await createLiveAttempts(db, geo)(recorded(live, 10));
    const s1 = attempts.find((a) => a.attemptId === "s1");
    expect(s1).toMatchObject({
      outcome: "failed",
      reason: "code_mismatch",
      smsState: "delivered",
      ip: "185.220.101.7",
      country: "DE",
      asn: 60729,
    });
    expect(s1?.asnName?.length).toBeGreaterThan(3);
    // a new attempt gets the same network from the same resolver
    const t1 = attempts.find((a) => a.attemptId === "t1");
    expect(t1).toMatchObject({ userId: "u-live", outcome: "failed", country: "DE", asn: 60729 });
    expect(t1?.asnName).toBe(s1?.asnName);

    // and it is what the projector stores once it catches up
    await projectBatch(tdb.pool, recorded(live, 10), { schema: "rm_live", geo });
    expect(utc(await getAttempt(db, "s1", "u-live"))).toEqual(utc(s1));
    expect(utc(await getAttempt(db, "t1", "u-live"))).toEqual(utc(t1));
  });

  it("keep an attempt's earlier live events when a later one arrives before the projector stored it", async () => {
    // The diagnosis is appended after the failure, in a later batch of the subscription, while the
    // projector (busy elsewhere) has stored neither: the diagnosis alone must not turn the failed
    // attempt back into a pending one.
    const db = withSchema(tdb.pool, "rm_live");
    const toAttempts = createLiveAttempts(db, geo);
    const failed = ev(
      "ChallengeFailed",
      { factorId: "f-totp", context: TOR },
      { method: "totp", attemptId: "t2", reason: "code_mismatch", consecutiveFailures: 3 },
    );
    const diagnosed = ev(
      "MismatchDiagnosed",
      { factorId: "f-totp" },
      {
        attemptId: "t2",
        diagnosis: {
          pattern: "no_match",
          confidence: "low",
          evidence: {},
          coincidenceProbability: 0.001,
          candidatesTried: 40,
        },
      },
    );
    expect((await toAttempts(recorded([failed], 20)))[0]).toMatchObject({
      attemptId: "t2",
      outcome: "failed",
    });
    const [after] = await toAttempts(recorded([diagnosed], 21));
    expect(after).toMatchObject({ attemptId: "t2", outcome: "failed", reason: "code_mismatch", ip: TOR.ip });
    expect(after?.pattern).toBe("no_match");
  });
});
