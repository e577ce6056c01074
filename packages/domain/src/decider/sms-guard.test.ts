import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseEvent } from "../events";
import type { GuardSmsSend } from "./commands";
import { decide, replay } from "./decide";
import { ADMIN, at, cmd, ev, given, minutes, NOW, newId, SUPPORT, smsStarted } from "./given-when-then";
import { type SmsGuardPolicy, type SmsGuardWindow, smsGuardUserId } from "./sms-guard";

const POLICY: SmsGuardPolicy = {
  burstSends: 20,
  windowMinutes: 10,
  minConversion: 0.3,
  graceSeconds: 120,
  coolDownMinutes: 30,
  allow: ["+44", "FR"],
};
const activeSms = [
  smsStarted(),
  ev("FactorEnrollmentConfirmed", { method: "sms" }, { factorId: "factor-s" }),
];
const SL: { numberPrefix: string; country: string | null } = { numberPrefix: "+23276", country: "SL" };
const guard = (window: SmsGuardWindow, phone = SL, policy = POLICY) =>
  cmd("GuardSmsSend", { factorId: "factor-s", attemptId: "att", phone, window, policy });
const win = (sends: number, passed: number, pending = 0, refusedUntil: string | null = null) => ({
  sends,
  passed,
  pending,
  refusedUntil,
});

describe("GuardSmsSend", () => {
  it("lets a send through below the burst size, whatever the conversion", () => {
    given(activeSms)
      .when(guard(win(19, 0)))
      .thenEmits([]);
  });

  it("refuses a burst whose decided sends mostly did not convert, with the figures and a cool-down", () => {
    given(activeSms)
      .when(guard(win(30, 2, 5)))
      .thenEmits([
        {
          type: "SmsSendRefused",
          factorId: "factor-s",
          data: {
            attemptId: "att",
            numberPrefix: "+23276",
            country: "SL",
            reason: "burst_low_conversion",
            sends: 30,
            passed: 2,
            pending: 5,
            thresholds: { burstSends: 20, windowMinutes: 10, minConversion: 0.3, coolDownMinutes: 30 },
            refusedUntil: at(minutes(30)).toISOString(),
          },
        },
      ]);
  });

  it("does not judge a burst still mostly inside its grace (codes not entered yet)", () => {
    given(activeSms)
      .when(guard(win(30, 0, 25)))
      .thenEmits([]);
  });

  it("lets a healthy burst through (a busy morning in one country)", () => {
    given(activeSms)
      .when(guard(win(200, 150, 20)))
      .thenEmits([]);
  });

  it("keeps refusing during the cool-down with its end unchanged, and stops after it", () => {
    const until = at(minutes(12)).toISOString();
    const events = decide(guard(win(0, 0, 0, until)), replay(activeSms), { newId });
    expect(events).toMatchObject([{ data: { reason: "cooling_down", refusedUntil: until } }]);
    given(activeSms)
      .when(guard(win(0, 0, 0, at(-1).toISOString())))
      .thenEmits([]);
  });

  it("never refuses an allow-listed prefix or country", () => {
    given(activeSms)
      .when(guard(win(500, 0), { numberPrefix: "+447911", country: "GB" }))
      .thenEmits([]);
    given(activeSms)
      .when(guard(win(500, 0), { numberPrefix: "+336", country: "FR" }))
      .thenEmits([]);
  });

  const windows = fc.record({
    sends: fc.nat({ max: 400 }),
    passed: fc.nat({ max: 400 }),
    pending: fc.nat({ max: 400 }),
    refusedUntil: fc.option(
      fc.integer({ min: -120, max: 120 }).map((m) => at(minutes(m)).toISOString()),
      { nil: null },
    ),
  });
  const policies = fc.record({
    burstSends: fc.integer({ min: 1, max: 100 }),
    windowMinutes: fc.integer({ min: 1, max: 120 }),
    minConversion: fc.double({ min: 0, max: 1, noNaN: true }),
    graceSeconds: fc.integer({ min: 0, max: 600 }),
    coolDownMinutes: fc.integer({ min: 1, max: 240 }),
    allow: fc.array(fc.constantFrom("+232", "+23276", "+44", "SL", "GB", "+1"), { maxLength: 3 }),
  });
  const phones = fc.constantFrom(
    SL,
    { numberPrefix: "+23230", country: "SL" },
    { numberPrefix: "+4479", country: "GB" },
    { numberPrefix: "+1415", country: null },
  );

  it("property: an allow-listed prefix or country is never refused", () => {
    fc.assert(
      fc.property(windows, policies, phones, fc.boolean(), (w, p, phone, byCountry) => {
        const entry = byCountry && phone.country !== null ? phone.country : phone.numberPrefix.slice(0, 3);
        const allow = [...p.allow, entry];
        const events = decide(guard(w, phone, { ...p, allow }), replay(activeSms), { newId });
        expect(events).toEqual([]);
      }),
    );
  });

  it("property: a decision is nothing or one valid SmsSendRefused, and a refused send records no dispatch", () => {
    fc.assert(
      fc.property(windows, policies, phones, (w, p, phone) => {
        const state = replay(activeSms);
        const events = decide(guard(w, phone, p), state, { newId });
        expect(events.length).toBeLessThanOrEqual(1);
        for (const e of events) {
          expect(e.type).toBe("SmsSendRefused");
          expect(parseEvent(JSON.parse(JSON.stringify(e)))).toEqual(e);
          // the prefix (at most 7 digits, the schema's rule), never the number
          expect(e.type === "SmsSendRefused" && e.data.numberPrefix).toBe(phone.numberPrefix);
        }
        const after = replay(events, state);
        expect(after.smsChallenges).toEqual(state.smsChallenges);
        expect(events.some((e) => e.type === "ChallengeIssued" || e.type === "SmsDispatched")).toBe(false);
      }),
    );
  });

  it("property: a window below the burst size and outside a cool-down is never refused", () => {
    fc.assert(
      fc.property(windows, policies, phones, (w, p, phone) => {
        fc.pre(
          w.sends < p.burstSends && (w.refusedUntil === null || Date.parse(w.refusedUntil) <= NOW.getTime()),
        );
        expect(decide(guard(w, phone, p), replay(activeSms), { newId })).toEqual([]);
      }),
    );
  });

  it("refuses a factor that is not SMS", () => {
    given([...activeSms])
      .when({ ...guard(win(0, 0)), data: { ...guard(win(0, 0)).data, factorId: "nope" } } as GuardSmsSend)
      .thenThrows("factor_not_found");
  });
});

describe("LiftSmsBlock", () => {
  const lift = (actor = SUPPORT, userId = smsGuardUserId("+23276")) => ({
    ...cmd(
      "LiftSmsBlock",
      { numberPrefix: "+23276", reason: "carrier confirmed the range is legitimate" },
      { actor },
    ),
    userId,
  });

  it("records the lift by support or an admin on the prefix's stream", () => {
    for (const actor of [SUPPORT, ADMIN])
      given([])
        .when(lift(actor))
        .thenEmits([
          {
            type: "SmsBlockLifted",
            data: { numberPrefix: "+23276", reason: "carrier confirmed the range is legitimate" },
          },
        ]);
  });

  it("refuses a user or the system, and another stream", () => {
    given([])
      .when(lift({ kind: "user" }))
      .thenThrows("actor_not_allowed");
    given([])
      .when(lift({ kind: "system", component: "x" }))
      .thenThrows("actor_not_allowed");
    given([]).when(lift(SUPPORT, "user-1")).thenThrows("invalid_command");
  });
});
