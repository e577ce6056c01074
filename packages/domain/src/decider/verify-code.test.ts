import { describe, expect, it } from "vitest";
import type { DiagnosisPayload } from "../events";
import type { TotpCheck } from "../otp/types";
import {
  activeTotp,
  at,
  cmd,
  confirmedHotp,
  ev,
  given,
  hotpStarted,
  minutes,
  mismatch,
  mismatches,
  NOW,
  totpStarted,
} from "./given-when-then";
import { isLockedOut } from "./state";

const verify = (check: TotpCheck, opts: { now?: Date; diagnosis?: DiagnosisPayload } = {}) =>
  cmd(
    "VerifyCode",
    {
      factorId: "factor-1",
      attemptId: "att",
      verification: { method: "totp", check },
      ...(opts.diagnosis ? { diagnosis: opts.diagnosis } : {}),
    },
    opts.now ? { now: opts.now } : {},
  );
const WRONG: TotpCheck = { ok: false, reason: "mismatch" };
const failed = (reason: string, consecutiveFailures: number) => ({
  type: "ChallengeFailed" as const,
  factorId: "factor-1",
  data: { method: "totp", attemptId: "att", reason, consecutiveFailures },
});
const lockedOut = (n: number, lockoutNumber = 1) =>
  ev("LockedOut", {
    until: at(minutes(1)).toISOString(),
    failures: n,
    lockoutNumber,
  });
/** The LockedOut the decision emits: locked until `until`. */
const locks = (until: Date, failures: number, lockoutNumber: number) => ({
  type: "LockedOut" as const,
  factorId: "factor-1",
  data: { until: until.toISOString(), failures, lockoutNumber },
});
/** The ChallengePassed the decision emits for a TOTP code at `step`. */
const passes = (step: number, offset = 0) => ({
  type: "ChallengePassed" as const,
  factorId: "factor-1",
  data: { method: "totp", attemptId: "att", step, offset },
});
/** An active TOTP factor locked (for 1 minute) by its first run of five failures. */
const lockedOnce = () => [...activeTotp(), ...mismatches(5), lockedOut(5)];

describe("VerifyCode (TOTP)", () => {
  it("passes a correct code, records step and offset, and resets the failure count", () => {
    const { state } = given([...activeTotp(), ...mismatches(2)])
      .when(verify({ ok: true, step: 101, offset: 0 }))
      .thenEmits([passes(101)]);
    expect(state.lockout.consecutiveFailures).toBe(0);
    expect(state.factors["factor-1"]?.lastAcceptedStep).toBe(101);
  });

  it("counts a wrong code and records the diagnosis in the same decision", () => {
    const diagnosis: DiagnosisPayload = {
      pattern: "clock_skew",
      confidence: "high",
      evidence: { skewSeconds: -97, offsetSteps: -3 },
      coincidenceProbability: 0.0001,
      candidatesTried: 61,
    };
    given(activeTotp())
      .when(verify(WRONG, { diagnosis }))
      .thenEmits([
        failed("code_mismatch", 1),
        { type: "MismatchDiagnosed", factorId: "factor-1", data: { attemptId: "att", diagnosis } },
      ]);
  });

  it("never accepts a replayed step, even when the check says ok", () => {
    given(activeTotp())
      .when(verify({ ok: true, step: 100, offset: 0 }))
      .thenEmits([failed("replayed", 1)]);
    given(activeTotp())
      .when(verify({ ok: false, reason: "replayed" }))
      .thenEmits([failed("replayed", 1)]);
  });

  it("malformed input is recorded but not counted", () => {
    given([...activeTotp(), mismatch(1)])
      .when(verify({ ok: false, reason: "malformed" }))
      .thenEmits([failed("malformed", 1)]);
  });

  it("no active factor: pending, disabled or unknown", () => {
    given([totpStarted()])
      .when(verify(WRONG))
      .thenEmits([failed("no_active_factor", 0)]);
    given([])
      .when(verify({ ok: true, step: 1, offset: 0 }))
      .thenEmits([failed("no_active_factor", 0)]);
  });

  it("rate-limited attempts are recorded without looking at the code", () => {
    given(activeTotp())
      .when(cmd("RecordRateLimited", { attemptId: "att" }))
      .thenEmits([failed("rate_limited", 0)]);
  });

  it("rejects a check computed for another method", () => {
    given(activeTotp())
      .when(
        cmd("VerifyCode", {
          factorId: "factor-1",
          attemptId: "att",
          verification: { method: "hotp", check: { ok: true, matchedCounter: 1, nextCounter: 2 } },
        }),
      )
      .thenThrows("method_mismatch");
  });
});

describe("lockout", () => {
  it("the 5th consecutive failure locks for 1 minute", () => {
    const { state } = given([...activeTotp(), ...mismatches(4)])
      .when(verify(WRONG))
      .thenEmits([failed("code_mismatch", 5), locks(at(minutes(1)), 5, 1)]);
    expect(isLockedOut(state, at(minutes(1) - 1))).toBe(true);
    expect(isLockedOut(state, at(minutes(1)))).toBe(false);
  });

  it("N is configurable", () => {
    given([...activeTotp(), mismatch(1)], { maxConsecutiveFailures: 2 })
      .when(verify(WRONG))
      .thenEmits([failed("code_mismatch", 2), locks(at(minutes(1)), 2, 1)]);
  });

  it("while locked, even a correct code fails as locked_out without counting or renewing the lock", () => {
    const history = lockedOnce();
    const { state } = given(history)
      .when(verify({ ok: true, step: 101, offset: 0 }, { now: at(30_000) }))
      .thenEmits([failed("locked_out", 0)]);
    expect(state.lockout).toEqual(given(history).state.lockout);
  });

  it("backoff grows with each lockout (1, 5, 15 … minutes) until a success", () => {
    const afterFirst = lockedOnce();
    const four = mismatches(4);
    const later = at(minutes(2));
    given([...afterFirst, ...four])
      .when(verify(WRONG, { now: later }))
      .thenEmits([failed("code_mismatch", 5), locks(new Date(later.getTime() + minutes(5)), 5, 2)]);
    const success = ev("ChallengePassed", { method: "totp", attemptId: "p", step: 150, offset: 0 });
    given([...afterFirst, success, ...four])
      .when(verify(WRONG, { now: later }))
      .thenEmits([failed("code_mismatch", 5), locks(new Date(later.getTime() + minutes(1)), 5, 1)]);
  });

  it("an expired lock lets the user try again; a success ends the run and steps the backoff down by one", () => {
    const history = lockedOnce();
    const { state } = given(history)
      .when(verify({ ok: true, step: 102, offset: 0 }, { now: at(minutes(1)) }))
      .thenEmits([passes(102)]);
    expect(state.lockout).toEqual({
      consecutiveFailures: 0,
      lockedUntil: null,
      lockoutCount: 0,
      failuresSinceSuccess: 0,
      exhausted: false,
    });
  });
});

describe("drift learning", () => {
  const passedAtOffset = (step: number, offset: number) =>
    ev("ChallengePassed", { method: "totp", attemptId: "p", step, offset });

  it("two consecutive successes at the same non-zero offset teach the drift", () => {
    const { state } = given([...activeTotp(), passedAtOffset(110, -3)])
      .when(verify({ ok: true, step: 120, offset: -3 }))
      .thenEmits([
        passes(120, -3),
        { type: "DriftLearned", factorId: "factor-1", data: { driftSteps: -3, previousDriftSteps: 0 } },
      ]);
    expect(state.factors["factor-1"]?.driftSteps).toBe(-3);
  });

  it("a single offset, differing offsets, or the already learned offset teach nothing", () => {
    const passOnly = (step: number, offset: number) => [passes(step, offset)];
    given(activeTotp())
      .when(verify({ ok: true, step: 120, offset: 2 }))
      .thenEmits(passOnly(120, 2));
    given([...activeTotp(), passedAtOffset(110, 1)])
      .when(verify({ ok: true, step: 120, offset: 2 }))
      .thenEmits(passOnly(120, 2));
    given([
      ...activeTotp(),
      ev("DriftLearned", { driftSteps: 2, previousDriftSteps: 0 }),
      passedAtOffset(110, 2),
    ])
      .when(verify({ ok: true, step: 120, offset: 2 }))
      .thenEmits(passOnly(120, 2));
  });
});

describe("VerifyCode (HOTP)", () => {
  const hotp = (
    check: { ok: true; matchedCounter: number; nextCounter: number } | { ok: false; reason: "mismatch" },
  ) => cmd("VerifyCode", { factorId: "factor-h", attemptId: "att", verification: { method: "hotp", check } });

  it("advances the counter and refuses a counter below it", () => {
    const { state } = given([hotpStarted(), confirmedHotp("factor-h", 5)])
      .when(hotp({ ok: true, matchedCounter: 7, nextCounter: 8 }))
      .thenEmits([
        {
          type: "ChallengePassed",
          factorId: "factor-h",
          data: { method: "hotp", attemptId: "att", matchedCounter: 7, nextCounter: 8 },
        },
      ]);
    expect(state.factors["factor-h"]?.hotpCounter).toBe(8);
    given([hotpStarted(), confirmedHotp("factor-h", 5)])
      .when(hotp({ ok: true, matchedCounter: 4, nextCounter: 5 }))
      .thenEmits([
        {
          type: "ChallengeFailed",
          factorId: "factor-h",
          data: { method: "hotp", attemptId: "att", reason: "replayed", consecutiveFailures: 1 },
        },
      ]);
    given([hotpStarted(), confirmedHotp("factor-h", 5)])
      .when(hotp({ ok: true, matchedCounter: 7, nextCounter: 9 }))
      .thenThrows("invalid_command");
  });
});

it("NOW is the reference time of these tests", () => {
  expect(NOW.toISOString()).toBe("2026-11-26T10:00:00.000Z");
});
