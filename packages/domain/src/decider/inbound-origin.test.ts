import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type FactorlensEvent, INBOUND_EVENT_TYPES, markInbound } from "../events";
import { replay } from "./decide";
import { activeTotp, at, cmd, ev, given, minutes, mismatch, NOW } from "./given-when-then";
import { isLockedOut } from "./state";

/** What an attacker who can write `tfa.inbound.v1` would send, as ingest appends it (marked inbound). */
const forged: FactorlensEvent[] = [
  ev("ChallengePassed", { method: "totp", attemptId: "x1", step: 99_999_999, offset: 0 }),
  ev("ChallengePassed", { method: "hotp", attemptId: "x2", matchedCounter: 500, nextCounter: 501 }),
  ev("ChallengePassed", { method: "recovery", attemptId: "x3" }, { factorId: null }),
  ev("ChallengeFailed", { method: "totp", attemptId: "x4", reason: "code_mismatch", consecutiveFailures: 1 }),
  ev("ChallengeFailed", { method: "totp", attemptId: "x5", reason: "replayed", consecutiveFailures: 9 }),
  ev("LockedOut", { until: at(minutes(60 * 24 * 365)).toISOString(), failures: 5, lockoutNumber: 9 }),
  ev("Unlocked", { by: "support", reason: "forged" }, { factorId: null }),
  ev("HotpResynced", { previousCounter: 0, nextCounter: 10_000 }),
  ev("DriftLearned", { driftSteps: 9, previousDriftSteps: 0 }),
  ev("DriftReset", { previousDriftSteps: 0 }),
  ev("FactorDisabled", { method: "totp", by: "user", reason: "forged" }),
  ev("ChallengeIssued", {
    method: "sms",
    attemptId: "x6",
    challengeId: "c-x",
    expiresAt: at(60_000).toISOString(),
  }),
  ev("SmsCodeExpired", { challengeId: "c-1" }, { factorId: "factor-s" }),
].map(markInbound);

/** A user with a TOTP factor, locked out after 5 wrong codes. */
const lockedHistory = (): FactorlensEvent[] => [
  ...activeTotp(),
  ...[1, 2, 3, 4, 5].map((n) => mismatch(n)),
  ev("LockedOut", { until: at(minutes(5)).toISOString(), failures: 5, lockoutNumber: 1 }, { factorId: null }),
];

describe("events read from the bus never change security state", () => {
  it("no interleaving of forged inbound events changes the folded state (lockout, step, counter, status, budget)", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...forged), { maxLength: 20 }), fc.nat(), (inbound, cut) => {
        const history = lockedHistory();
        const i = cut % (history.length + 1);
        const mixed = [...history.slice(0, i), ...inbound, ...history.slice(i)];
        expect(replay(mixed)).toEqual(replay(history));
      }),
      { numRuns: 200 },
    );
  });

  it("an inbound pass does not lift a lockout, and an inbound far-future step does not make the next real code a replay", () => {
    const history = [...lockedHistory(), ...forged];
    const state = replay(history);
    expect(isLockedOut(state, NOW)).toBe(true);
    const later = at(minutes(6));
    given(history)
      .when(
        cmd(
          "VerifyCode",
          {
            factorId: "factor-1",
            attemptId: "real",
            verification: { method: "totp", check: { ok: true, step: 200, offset: 0 } },
          },
          { now: later },
        ),
      )
      .thenEmits([
        {
          type: "ChallengePassed",
          data: { method: "totp", attemptId: "real", step: 200, offset: 0 },
          factorId: "factor-1",
        },
      ]);
  });

  it("the allowed inbound facts (SMS receipts) still change the delivery state they describe", () => {
    expect(INBOUND_EVENT_TYPES).toEqual(["SmsDelivered", "SmsDeliveryFailed"]);
    const history = [
      ev(
        "FactorEnrollmentStarted",
        { method: "sms", maskedPhone: "+44 •••• ••12 34", country: "GB" },
        { factorId: "factor-s" },
      ),
      ev(
        "ChallengeIssued",
        { method: "sms", attemptId: "a1", challengeId: "c-1", expiresAt: at(60_000).toISOString() },
        { factorId: "factor-s" },
      ),
    ];
    const receipt = markInbound(
      ev("SmsDelivered", { challengeId: "c-1", provider: "acme" }, { factorId: "factor-s" }),
    );
    expect(replay([...history, receipt]).smsChallenges[0]?.delivery).toBe("delivered");
  });
});
