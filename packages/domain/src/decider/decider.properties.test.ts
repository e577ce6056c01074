import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type FactorlensEvent, fromStoredEvent, parseEvent, toStoredEvent } from "../events";
import type { TotpCheck } from "../otp/types";
import type { UserCommand } from "./commands";
import { decide } from "./decide";
import { eventsAbout, iso, lockedOut, nat, totpFailed, unlocked } from "./event-arbitraries";
import { evolve } from "./evolve";
import { ADMIN, activeTotp, cmd, ev, NOW, newId } from "./given-when-then";
import { DEFAULT_DECIDER_POLICY } from "./policy";
import { initialState, isLockedOut, type UserState } from "./state";

const factorId = fc.constantFrom("factor-1", "factor-2", "factor-h", "factor-s");
const int = fc.integer({ min: -5, max: 60 });
const about = eventsAbout(factorId);

/** Any valid event sequence, including nonsensical orders (events about unknown factors, etc.). */
const anyEvent: fc.Arbitrary<FactorlensEvent> = fc.oneof(
  about.started(),
  fc
    .tuple(factorId, int, nat)
    .map(([f, s, n]) =>
      ev(
        "FactorEnrollmentConfirmed",
        { method: "totp", acceptedStep: s, offset: 0, nextCounter: n },
        { factorId: f },
      ),
    ),
  fc
    .tuple(factorId, int)
    .map(([f, s]) =>
      ev("ChallengePassed", { method: "totp", attemptId: "a", step: s, offset: s % 3 }, { factorId: f }),
    ),
  about.hotpPassed,
  totpFailed("code_mismatch", "replayed", "locked_out", "expired", "no_active_factor"),
  lockedOut,
  unlocked,
  about.driftLearned(int),
  factorId.map((f) => ev("DriftReset", { previousDriftSteps: 1 }, { factorId: f })),
  about.hotpResynced,
  factorId.map((f) => ev("FactorDisabled", { method: "totp", by: "user", reason: "r" }, { factorId: f })),
  about.reset,
  about.secretRotated,
  fc
    .integer({ min: 1, max: 10 })
    .map((n) => ev("RecoveryCodesIssued", { batchId: "b", count: n }, { factorId: null })),
  nat.map((i) =>
    ev("RecoveryCodeUsed", { batchId: "b", index: i, attemptId: "a", remaining: 0 }, { factorId: null }),
  ),
  fc
    .tuple(factorId, fc.constantFrom("c1", "c2"), iso)
    .map(([f, c, exp]) =>
      ev(
        "ChallengeIssued",
        { method: "sms", attemptId: "a", challengeId: c, expiresAt: exp },
        { factorId: f },
      ),
    ),
  fc
    .constantFrom("c1", "c2")
    .map((c) => ev("SmsDelivered", { challengeId: c, provider: "p" }, { factorId: "factor-s" })),
  fc.constantFrom("c1", "c2").map((c) => ev("SmsCodeExpired", { challengeId: c }, { factorId: "factor-s" })),
);

describe("toStoredEvent", () => {
  it("stores exactly the event's JSON (undefined fields dropped) and reads back the same event", () => {
    fc.assert(
      fc.property(anyEvent, fc.boolean(), (event, withUndefined) => {
        const e = withUndefined ? { ...event, causationId: undefined } : event;
        const stored = toStoredEvent(e);
        expect(stored.data).toStrictEqual(JSON.parse(JSON.stringify(e)));
        expect(fromStoredEvent(stored)).toEqual(parseEvent(JSON.parse(JSON.stringify(e))));
      }),
    );
  });
});

describe("evolve", () => {
  it("is total over any event sequence and keeps counts non-negative", () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { maxLength: 40 }), (events) => {
        let state = initialState();
        for (const e of events) state = evolve(state, e);
        expect(state.lockout.consecutiveFailures).toBeGreaterThanOrEqual(0);
        expect(state.recoveryCodes.used.length).toBeLessThanOrEqual(new Set(state.recoveryCodes.used).size);
        expect(state.smsChallenges.length).toBeLessThanOrEqual(10);
      }),
      { numRuns: 300 },
    );
  });
});

/** A login session simulation: random checks from the engine, time moving forward, admin unlocks. */
const step: fc.Arbitrary<{
  advanceSec: number;
  action: "verify" | "recovery" | "unlock";
  check: TotpCheck;
  index: number | null;
}> = fc.record({
  advanceSec: fc.integer({ min: 0, max: 400 }),
  action: fc.constantFrom("verify", "verify", "verify", "verify", "recovery", "unlock"),
  check: fc.oneof(
    fc.record({
      ok: fc.constant(true as const),
      step: fc.integer({ min: 90, max: 130 }),
      offset: fc.integer({ min: -2, max: 2 }),
    }),
    fc.constantFrom<TotpCheck>(
      { ok: false, reason: "mismatch" },
      { ok: false, reason: "replayed" },
      { ok: false, reason: "malformed" },
    ),
  ),
  index: fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }),
});

describe("decide (properties over simulated sessions)", () => {
  it("failures never exceed the policy, a replayed step or code is never accepted, locks are never renewed by enforcement", () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 6 }),
        (steps, max) => {
          const policy = { maxConsecutiveFailures: max };
          let state: UserState = [
            ...activeTotp(),
            ev("RecoveryCodesIssued", { batchId: "b", count: 5 }, { factorId: null }),
          ].reduce(evolve, initialState());
          let t = NOW.getTime();
          for (const s of steps) {
            t += s.advanceSec * 1000;
            const now = new Date(t);
            const command: UserCommand =
              s.action === "verify"
                ? cmd(
                    "VerifyCode",
                    {
                      factorId: "factor-1",
                      attemptId: "a",
                      verification: { method: "totp", check: s.check },
                    },
                    { now },
                  )
                : s.action === "recovery"
                  ? cmd("UseRecoveryCode", { attemptId: "a", matchedIndex: s.index }, { now })
                  : cmd("Unlock", { reason: "r" }, { now, actor: ADMIN });
            const locked = isLockedOut(state, now);
            const before = state;
            const events = decide(command, state, { newId, policy });
            for (const e of events) {
              expect(parseEvent(JSON.parse(JSON.stringify(e)))).toEqual(e); // every decided event is schema-valid
              if (e.type === "ChallengePassed") {
                expect(locked).toBe(false);
                if (e.data.step !== undefined)
                  expect(e.data.step).toBeGreaterThan(before.factors["factor-1"]?.lastAcceptedStep ?? -1);
              }
              if (e.type === "RecoveryCodeUsed")
                expect(before.recoveryCodes.used).not.toContain(e.data.index);
              if (e.type === "LockedOut") expect(locked).toBe(false);
            }
            state = events.reduce(evolve, state);
            expect(state.lockout.consecutiveFailures).toBeLessThan(max);
            if (locked && s.action !== "unlock") expect(state.lockout).toEqual(before.lockout);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("the default policy is 5 failures and a growing backoff", () => {
    expect(DEFAULT_DECIDER_POLICY.maxConsecutiveFailures).toBe(5);
    const table = DEFAULT_DECIDER_POLICY.lockoutBackoffMinutes;
    for (let i = 1; i < table.length; i++) expect(table[i]!).toBeGreaterThan(table[i - 1]!);
  });
});
