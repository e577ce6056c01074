/**
 * The SMS guard on two verifier instances sharing one PostgreSQL: a pumping wave to one prefix
 * (+23276, codes never entered) is refused once it trips, on both instances, while SMS logins to
 * another prefix of the same country (+23230) go on and pass; a support lift re-allows sends.
 */
import {
  decide,
  evolve,
  type FactorlensEvent,
  smsGuardUserId,
  toStoredEvent,
  type UserState,
  userStateFold,
} from "@factorlens/domain";
import { createCommandHandler, userStreamId } from "@factorlens/event-store";
import { createTestDatabase, type TestDatabase } from "@factorlens/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness, lastSmsCode, post, testConfig } from "../testing/harness";

const GUARD = {
  FACTORLENS_SMS_GUARD_ENABLED: "true",
  FACTORLENS_SMS_GUARD_BURST_SENDS: "10",
  FACTORLENS_SMS_GUARD_WINDOW_MINUTES: "15",
  FACTORLENS_SMS_GUARD_MIN_CONVERSION: "0.2",
  FACTORLENS_SMS_GUARD_GRACE_SECONDS: "60",
  FACTORLENS_SMS_GUARD_COOLDOWN_MINUTES: "30",
  FACTORLENS_SMS_GUARD_ALLOW: "GB",
};

let db: TestDatabase;
let a: Harness;
let b: Harness;
beforeAll(async () => {
  db = await createTestDatabase("verifier_sms_guard");
  const config = testConfig(GUARD); // one master key for both instances
  a = await createHarness({ db, config });
  b = await createHarness({ db, store: a.store, config });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
  await db?.drop();
});

const both = () => [a, b];
const advance = (ms: number) => {
  for (const h of both()) h.clock.advance(ms);
};
const enrollSms = (h: Harness, userId: string, phone: string) =>
  post(h, `/v1/users/${userId}/factors`, { method: "sms", phone }, "enroll");
const types = async (userId: string) => (await a.store.readStream(userStreamId(userId))).map((e) => e.type);
const sent = () => a.sms.length + b.sms.length;

/** A normal user on +23230: enrolled and confirmed with the code it received. */
async function healthyUser(h: Harness, userId: string, n: number) {
  const res = await enrollSms(h, userId, `+2323012${String(n).padStart(4, "0")}`);
  expect(res.statusCode).toBe(201);
  const confirmed = await post(
    h,
    `/v1/users/${userId}/factors/${res.json().factorId}/confirm`,
    { code: lastSmsCode(h) },
    "enroll",
  );
  expect(confirmed.json().confirmed).toBe(true);
}

/** A normal SMS login: the code is sent and entered. */
async function smsLogin(h: Harness, userId: string) {
  const challenge = await post(h, `/v1/users/${userId}/sms-challenges`, {});
  expect(
    challenge.statusCode,
    `${challenge.body} ${h.logs.filter((l) => l.includes('"level":50')).join("")}`,
  ).toBe(201);
  return post(h, "/v1/verify", { userId, method: "sms", code: lastSmsCode(h) });
}

describe("the SMS guard", () => {
  it("refuses a pumping wave after its threshold, on both instances, while logins to the same country pass", async () => {
    for (let i = 0; i < 4; i++) await healthyUser(i % 2 ? b : a, `sl-user-${i}`, i);
    // the wave: 12 sign-ups to +23276 numbers over both instances, no code ever entered
    for (let i = 0; i < 12; i++) {
      const res = await enrollSms(i % 2 ? b : a, `pump-${i}`, `+2327650${String(i).padStart(4, "0")}`);
      expect(res.statusCode).toBe(201); // below the burst, or still in the grace: sent
    }
    advance(90_000); // the wave's codes are past their grace: unconverted now

    const before = sent();
    const refused = await enrollSms(b, "pump-12", "+23276509999");
    expect(refused.statusCode).toBe(403);
    expect(refused.headers["content-type"]).toContain("application/problem+json");
    expect(refused.json()).toMatchObject({
      type: "https://factorlens.dev/problems/sms-refused",
      title: "SMS to this destination is temporarily refused",
      status: 403,
      alternatives: [],
    });
    expect(Number(refused.headers["retry-after"])).toBe(30 * 60);
    expect(sent()).toBe(before); // nothing went out
    const stream = await types("pump-12");
    expect(stream).toContain("SmsSendRefused");
    expect(stream).not.toContain("SmsDispatched");
    expect(stream).not.toContain("ChallengeIssued");
    const [event] = (await a.store.readStream(userStreamId("pump-12"))).filter(
      (e) => e.type === "SmsSendRefused",
    );
    const data = (event?.data as { data?: Record<string, unknown> } | undefined)?.data;
    expect(data).toMatchObject({
      numberPrefix: "+23276",
      country: "SL",
      reason: "burst_low_conversion",
      sends: 12,
      passed: 0,
      pending: 0,
      thresholds: { burstSends: 10, windowMinutes: 15, minConversion: 0.2, coolDownMinutes: 30 },
    });
    expect(JSON.stringify(event?.data)).not.toContain("23276509999");

    // the other instance refuses too (the block is shared), as a cool-down
    const onA = await enrollSms(a, "pump-13", "+23276508888");
    expect(onA.statusCode).toBe(403);
    expect(sent()).toBe(before);
    expect(
      await a.metrics.registry.getSingleMetricAsString("factorlens_verifier_sms_refusals_total"),
    ).toContain('country="SL",reason="cooling_down"');
    expect(
      await b.metrics.registry.getSingleMetricAsString("factorlens_verifier_sms_refusals_total"),
    ).toContain('country="SL",reason="burst_low_conversion"');

    // normal SMS logins to the same country, on both instances, are sent and pass
    for (let i = 0; i < 4; i++) {
      const ok = await smsLogin(i % 2 ? a : b, `sl-user-${i}`);
      expect(ok.json()).toMatchObject({ accepted: true, method: "sms" });
    }
    // an allow-listed destination is never counted nor refused
    for (let i = 0; i < 12; i++)
      expect((await enrollSms(a, `gb-${i}`, `+4479111${String(i).padStart(5, "0")}`)).statusCode).toBe(201);
  });

  it("lets sends to the prefix go again once support lifts the block (SmsBlockLifted)", async () => {
    expect((await enrollSms(a, "pump-20", "+23276507777")).statusCode).toBe(403);
    // the support API's write path: the decider through the command handler, on the prefix's stream
    const handler = createCommandHandler<UserState, FactorlensEvent>({
      store: a.store,
      fold: userStateFold,
      evolve,
      toNewEvent: toStoredEvent,
    });
    const prefixUser = smsGuardUserId("+23276");
    await handler.handle(userStreamId(prefixUser), ({ state }) => ({
      events: decide(
        {
          type: "LiftSmsBlock",
          userId: prefixUser,
          metadata: {
            now: new Date(a.clock.now()),
            actor: { kind: "support", agentId: "lead-1", ticketRef: "TCK-9" },
            correlationId: "c-lift",
          },
          data: { numberPrefix: "+23276", reason: "the operator confirmed the range is real customers" },
        },
        state,
        { newId: () => crypto.randomUUID() },
      ),
      result: undefined,
    }));
    const before = sent();
    const again = await enrollSms(b, "pump-21", "+23276506666");
    expect(again.statusCode).toBe(201);
    expect(sent()).toBe(before + 1);
    expect((await enrollSms(a, "pump-22", "+23276505555")).statusCode).toBe(201);
  });
});
